package io.granary.s3.testing;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Seeded input generation for randomized tests: one reproducible try per seed (seed -> {@link SplittableRandom} ->
 * inputs), so a failing seed names the exact inputs to replay. The draws lean towards the edges (empty, one, the
 * maximum, small values) where framing and arithmetic bugs live, and still cover the whole range.
 *
 * <p>Contract: for a given seed and sequence of calls the inputs never change; tests name their seeds with
 * {@link #seeds} and wrap each try in {@link #reproducible} so every failure message names the seed.
 */
public final class SeededInputs {
    private SeededInputs() {}

    /** The seeds {@code 0 .. count - 1}, for a {@code @MethodSource}. */
    public static LongStream seeds(int count) {
        return LongStream.range(0, count);
    }

    /** A length in [0, max]: the edges 0, 1 and max, mostly small lengths, otherwise anywhere in range. */
    public static int size(SplittableRandom rnd, int max) {
        int p = rnd.nextInt(100);
        if (p < 5) return 0;
        if (p < 10) return max;
        if (p < 13) return Math.min(1, max);
        if (p < 60) return rnd.nextInt(Math.min(max, 32) + 1);
        return rnd.nextInt(max + 1);
    }

    /**
     * Up to {@code maxSize} bytes: uniformly random, or (one time in five) drawn only from {@code special}, the byte
     * values that matter to the code under test.
     */
    public static byte[] bytes(SplittableRandom rnd, int maxSize, byte[] special) {
        byte[] b = new byte[size(rnd, maxSize)];
        if (rnd.nextInt(5) == 0) {
            for (int i = 0; i < b.length; i++) b[i] = special[rnd.nextInt(special.length)];
        } else {
            rnd.nextBytes(b);
        }
        return b;
    }

    /** An int in [min, max]: uniform for small ranges; else the bounds and neighbours, values near min, uniform. */
    public static int intIn(SplittableRandom rnd, int min, int max) {
        if (max - min < 16) return rnd.nextInt(min, max + 1);
        int p = rnd.nextInt(100);
        if (p < 8) return min;
        if (p < 16) return max;
        if (p < 20) return min + 1;
        if (p < 24) return max - 1;
        if (p < 55) return min + rnd.nextInt(Math.min(max - min, 32) + 1);
        return rnd.nextInt(min, max + 1);
    }

    /** Between 0 and {@code maxSize} ints (uniform count), each from {@link #intIn}. */
    public static int[] ints(SplittableRandom rnd, int maxSize, int min, int max) {
        int[] a = new int[rnd.nextInt(maxSize + 1)];
        for (int i = 0; i < a.length; i++) a[i] = intIn(rnd, min, max);
        return a;
    }

    /** Runs {@code body}; any failure not already naming {@code ctx} (which names the seed) is rethrown with it. */
    public static void reproducible(String ctx, Try body) {
        try {
            body.run();
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().contains(ctx)) throw e;
            throw new AssertionError(ctx + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(ctx + ": " + e, e);
        }
    }

    /** One try of a randomized test. */
    @FunctionalInterface
    public interface Try {
        void run() throws IOException;
    }
}
