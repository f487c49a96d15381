package io.granary.bench.internal;

/** Just enough of a ListObjectsV2 response: the number of keys and the next continuation token. */
public final class ListParsing {
    private ListParsing() {}

    public static int countKeys(CharSequence xml) {
        int n = 0;
        for (int i = indexOf(xml, "<Key>", 0); i >= 0; i = indexOf(xml, "<Key>", i + 5)) n++;
        return n;
    }

    /** The NextContinuationToken when IsTruncated is true, else null. */
    public static String nextToken(CharSequence xml) {
        if (indexOf(xml, "<IsTruncated>true</IsTruncated>", 0) < 0) return null;
        int s = indexOf(xml, "<NextContinuationToken>", 0);
        if (s < 0) return null;
        s += "<NextContinuationToken>".length();
        int e = indexOf(xml, "</NextContinuationToken>", s);
        if (e < 0) return null;
        return unescape(xml.subSequence(s, e).toString());
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) return s;
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&#13;", "\r").replace("&#10;", "\n").replace("&amp;", "&");
    }

    static int indexOf(CharSequence s, String needle, int from) {
        int n = needle.length();
        char first = needle.charAt(0);
        outer:
        for (int i = from; i + n <= s.length(); i++) {
            if (s.charAt(i) != first) continue;
            for (int k = 1; k < n; k++) if (s.charAt(i + k) != needle.charAt(k)) continue outer;
            return i;
        }
        return -1;
    }
}
