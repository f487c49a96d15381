package io.granary.bench.internal;

import java.util.Locale;

/** Parses and prints byte sizes: 4096, 4KiB, 4KB (1000), 64MiB, 1GiB; k/m/g alone mean KiB/MiB/GiB. */
public final class Sizes {
    private Sizes() {}

    public static long parse(String text) {
        String s = text.trim().replace("_", "");
        int i = 0;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
        if (i == 0) throw new IllegalArgumentException("not a size: " + text);
        double n = Double.parseDouble(s.substring(0, i));
        String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
        long mul = switch (unit) {
            case "", "b" -> 1L;
            case "k", "ki", "kib" -> 1L << 10;
            case "m", "mi", "mib" -> 1L << 20;
            case "g", "gi", "gib" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw new IllegalArgumentException("unknown size unit in " + text);
        };
        double v = n * mul;
        if (v > Long.MAX_VALUE || v != Math.floor(v)) throw new IllegalArgumentException("not a whole size: " + text);
        return (long) v;
    }

    public static String format(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v))
                + " " + units[u];
    }
}
