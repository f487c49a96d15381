package io.granary.storage.local;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * Seeded input generators for the randomized tests of this module.
 *
 * <p>A randomized test is a {@code @ParameterizedTest} over {@link #seeds(int) seeds}; each invocation builds a
 * {@code new SplittableRandom(seed)} and draws all of its inputs from it through these helpers, so the seed shown
 * in the test name and in every assertion message reproduces the exact inputs of a failing case.
 */
final class RandomInputs {

    /** Sizes in a range wider than this are mostly drawn from its first {@code SHORT_SIZE + 1} values. */
    static final int SHORT_SIZE = 32;

    /** One in this many sizes of a wide range is drawn from the whole range rather than the short part. */
    private static final int WIDE_SIZE_ONE_IN = 10;

    private RandomInputs() {}

    /** The seeds {@code 0 .. count-1}, for {@code @MethodSource} factories. */
    static LongStream seeds(int count) {
        return LongStream.range(0, count);
    }

    /** A uniformly chosen int in {@code [min, max]}. */
    static int between(SplittableRandom r, int min, int max) {
        return r.nextInt(min, max + 1);
    }

    /**
     * A size in {@code [min, max]}: uniform when the range is small, otherwise mostly short (uniform in
     * {@code [min, min + SHORT_SIZE]}) and occasionally anywhere up to {@code max}.
     */
    static int size(SplittableRandom r, int min, int max) {
        if (max - min <= SHORT_SIZE || r.nextInt(WIDE_SIZE_ONE_IN) == 0) {
            return between(r, min, max);
        }
        return between(r, min, min + SHORT_SIZE);
    }

    /** One of {@code values}, each position equally likely (repeat a value to weight it; {@code null} is allowed). */
    @SafeVarargs
    static <T> T oneOf(SplittableRandom r, T... values) {
        return values[r.nextInt(values.length)];
    }

    /** A list of {@link #size sized} {@code [minSize, maxSize]} whose elements come from {@code element}. */
    static <T> List<T> list(SplittableRandom r, int minSize, int maxSize, Function<SplittableRandom, T> element) {
        int n = size(r, minSize, maxSize);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(r));
        }
        return out;
    }

    /** A string of {@link #size sized} {@code [minLength, maxLength]} code points drawn uniformly from {@code alphabet}. */
    static String string(SplittableRandom r, String alphabet, int minLength, int maxLength) {
        int[] codePoints = alphabet.codePoints().toArray();
        int n = size(r, minLength, maxLength);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(codePoints[r.nextInt(codePoints.length)]);
        }
        return sb.toString();
    }

    /** {@code s} as a quoted Java literal with non-printable-ASCII chars escaped, for assertion messages. */
    static String literal(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
