package io.granary.storage.erasure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drive arguments as users write them, with MinIO-style ellipses: {@code /mnt/disk{1...8}} is eight folders
 * {@code /mnt/disk1 .. /mnt/disk8}; several ellipses multiply ({@code /mnt/n{1...2}/d{1...4}} is eight, the last
 * ellipsis varying fastest); zero-padded bounds keep their width ({@code d{01...12}}); descending ranges count down.
 */
public final class DriveSpec {

    private static final Pattern BASH_RANGE = Pattern.compile("\\{\\d+\\.\\.\\d+}");
    private static final Pattern ELLIPSIS = Pattern.compile("\\{(\\d+)\\.\\.\\.(\\d+)}");
    /** More drives than this in one argument is surely a typo. */
    public static final int MAX_EXPANSION = 4096;

    private DriveSpec() {}

    /** Expands one argument; an argument without ellipses is returned as is. */
    public static List<String> expand(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty drive argument");
        }
        Matcher m = ELLIPSIS.matcher(spec);
        if (!m.find()) {
            if (spec.contains("...") || BASH_RANGE.matcher(spec).find()) {
                throw new IllegalArgumentException("malformed ellipsis in '" + spec + "' (write {1...8})");
            }
            return List.of(spec);
        }
        String head = spec.substring(0, m.start());
        String tail = spec.substring(m.end());
        String a = m.group(1);
        String b = m.group(2);
        long from = Long.parseLong(a);
        long to = Long.parseLong(b);
        int width = (a.length() > 1 && a.startsWith("0")) || (b.length() > 1 && b.startsWith("0"))
                ? Math.max(a.length(), b.length()) : 0;
        long count = Math.abs(to - from) + 1;
        if (count > MAX_EXPANSION) {
            throw new IllegalArgumentException("ellipsis {" + a + "..." + b + "} in '" + spec + "' expands to "
                    + count + " drives (more than " + MAX_EXPANSION + ")");
        }
        if (head.contains("...")) {
            throw new IllegalArgumentException("malformed ellipsis in '" + spec + "' (write {1...8})");
        }
        List<String> tails = expand0(tail);
        List<String> out = new ArrayList<>();
        long step = to >= from ? 1 : -1;
        for (long i = from; ; i += step) {
            String n = width > 0 ? String.format("%0" + width + "d", i) : Long.toString(i);
            for (String t : tails) {
                out.add(head + n + t);
                if (out.size() > MAX_EXPANSION) {
                    throw new IllegalArgumentException("'" + spec + "' expands to more than " + MAX_EXPANSION
                            + " drives");
                }
            }
            if (i == to) {
                break;
            }
        }
        return out;
    }

    private static List<String> expand0(String rest) {
        return rest.isEmpty() ? List.of("") : expand(rest);
    }

    /** Expands every argument, in order, and refuses a folder given twice. */
    public static List<Path> expandAll(List<String> specs) {
        List<Path> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (String s : specs) {
            for (String e : expand(s)) {
                Path p = Path.of(e).toAbsolutePath().normalize();
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("drive " + p + " is given twice");
                }
                out.add(p);
            }
        }
        return out;
    }

    /**
     * How {@code drives} drives split into erasure sets: the largest set size from 16 down to 2 that divides the
     * count (MinIO's rule). 1 drive is not an erasure layout (the plain single-folder engine serves it).
     *
     * @throws IllegalArgumentException when no set size 2..16 divides the count (e.g. 17 drives)
     */
    public static int setSize(int drives) {
        if (drives < 2) {
            throw new IllegalArgumentException("erasure coding needs at least 2 drives, got " + drives);
        }
        for (int s = 16; s >= 2; s--) {
            if (drives % s == 0) {
                return s;
            }
        }
        throw new IllegalArgumentException(drives + " drives cannot be split into equal erasure sets of 2 to 16 "
                + "drives; use a count divisible by one of 2..16");
    }

    /** Default parity by set size: 2-3 drives 1, 4-5 drives 2, 6-7 drives 3, 8 and more 4. */
    public static int defaultParity(int setSize) {
        if (setSize <= 3) {
            return 1;
        }
        if (setSize <= 5) {
            return 2;
        }
        if (setSize <= 7) {
            return 3;
        }
        return 4;
    }
}
