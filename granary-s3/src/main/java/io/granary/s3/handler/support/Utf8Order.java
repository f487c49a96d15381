package io.granary.s3.handler.support;

/**
 * Binary UTF-8 order of strings, the order S3 lists keys in. It equals code point order, which differs from
 * {@link String#compareTo} (UTF-16 order) only for supplementary characters against U+E000..U+FFFF.
 */
public final class Utf8Order {
    private Utf8Order() {}

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
