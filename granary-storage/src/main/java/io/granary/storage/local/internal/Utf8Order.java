package io.granary.storage.local.internal;

import java.util.Comparator;

/**
 * Binary UTF-8 order of strings (equal to Unicode code point order), and key validation.
 * {@link String#compareTo} compares UTF-16 units, which sorts supplementary characters (surrogate pairs) before
 * U+E000..U+FFFF; this comparator fixes that.
 */
public final class Utf8Order {

    public static final Comparator<String> COMPARATOR = Utf8Order::compare;

    /** Longest key in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private Utf8Order() {}

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF so that UTF-16 unit order becomes code point order. */
    private static int rank(char c) {
        if (c < 0xD800) {
            return c;
        }
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /**
     * The smallest string greater than every string that starts with {@code prefix} (in code point order), or null
     * if there is none (the prefix is empty or made only of U+10FFFF).
     */
    public static String prefixSuccessor(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int j = cps.length - 1; j >= 0; j--) {
            if (cps[j] < Character.MAX_CODE_POINT) {
                int next = cps[j] + 1;
                if (next == Character.MIN_SURROGATE) {
                    next = 0xE000;
                }
                return new String(cps, 0, j) + Character.toString(next);
            }
        }
        return null;
    }

    /** The UTF-8 length of {@code s}, or -1 if it holds an unpaired surrogate (so is not encodable as UTF-8). */
    public static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return -1;
                }
                bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** True for a well-formed key: 1..1024 bytes of valid UTF-8. */
    public static boolean isValidKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        int len = utf8Length(key);
        return len >= 1 && len <= MAX_KEY_BYTES;
    }
}
