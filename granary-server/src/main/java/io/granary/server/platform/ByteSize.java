package io.granary.server.platform;

import java.util.Locale;

/** Parses and prints byte sizes: "512m", "2g", "65536", "64k" (binary units). */
public final class ByteSize {
    private ByteSize() {}

    public static long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("ib")) s = s.substring(0, s.length() - 2);
        else if (s.endsWith("b")) s = s.substring(0, s.length() - 1);
        long mul = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> mul = 1L << 10;
                case 'm' -> mul = 1L << 20;
                case 'g' -> mul = 1L << 30;
                case 't' -> mul = 1L << 40;
                default -> mul = 1;
            }
            if (mul != 1) s = s.substring(0, s.length() - 1);
        }
        try {
            long v = Math.multiplyExact(Long.parseLong(s.trim()), mul);
            if (v <= 0) throw new IllegalArgumentException("size must be positive: '" + text + "'");
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a size (e.g. 512m, 2g): '" + text + "'");
        }
    }

    /** "512 MiB", "4 KiB", "1.5 GiB", "123 B". */
    public static String format(long bytes) {
        if (bytes < 0) return "unknown";
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
