package io.granary.erasure;

import java.util.SplittableRandom;

/**
 * Routes work to a fallback kernel until the wrapped kernel's hot loops are compiled.
 *
 * <p>Why: Vector API code is only fast once C2 has compiled it; interpreted or C1-compiled it allocates an object per
 * vector operation. Measured on a fresh JVM: the first 8+4 encode of 1 MiB on the Vector kernel took 2.2 s (0.2 ms
 * once compiled). So a daemon thread ({@code granary-erasure-warmup}, minimum priority) runs the wrapped kernel on a
 * small 8+7 block (a group of four rows, a pair and a lone row, shards not a whole number of vectors, so every
 * loop of the Vector kernel gets compiled) until it is fast (50 calls at a compiled-code pace, or 10 s at most), and only then do callers
 * switch to it; until then they get the fallback (pure Java). Both produce identical bytes, so the switch is
 * invisible except in speed. Started when the kernel is first probed, i.e. when the server first asks for a codec.
 */
final class WarmingKernel implements GfKernel {
    private static final int SHARD = 16 * 1024 + 100;
    /** 8 x 16 KiB through a compiled vector kernel takes tens of microseconds; interpreted, milliseconds or more. */
    private static final long FAST_NANOS = 400_000;
    private static final long MAX_NANOS = 10_000_000_000L;

    private final GfKernel target;
    private final GfKernel fallback;
    private volatile boolean warm;

    WarmingKernel(GfKernel target, GfKernel fallback) {
        this.target = target;
        this.fallback = fallback;
    }

    WarmingKernel start() {
        Thread.ofPlatform().daemon().name("granary-erasure-warmup").priority(Thread.MIN_PRIORITY).start(this::warmUp);
        return this;
    }

    boolean isWarm() {
        return warm;
    }

    GfKernel target() {
        return target;
    }

    @Override
    public String name() {
        return target.name();
    }

    @Override
    public MatrixOp prepare(byte[][] coefficients) {
        MatrixOp fast = target.prepare(coefficients);
        MatrixOp slow = fallback.prepare(coefficients);
        return (inputs, outputs, off, len) -> (warm ? fast : slow).apply(inputs, outputs, off, len);
    }

    private void warmUp() {
        try {
            MatrixOp op = target.prepare(EncodingMatrix.parityRows(8, 7));
            SplittableRandom random = new SplittableRandom(7);
            byte[][] in = new byte[8][SHARD];
            byte[][] out = new byte[7][SHARD];
            for (byte[] b : in) {
                random.nextBytes(b);
            }
            long deadline = System.nanoTime() + MAX_NANOS;
            int fastCalls = 0;
            while (fastCalls < 50 && System.nanoTime() < deadline) {
                long start = System.nanoTime();
                op.apply(in, out, 0, SHARD);
                if (System.nanoTime() - start < FAST_NANOS) {
                    fastCalls++;
                }
            }
        } catch (Throwable t) {
            // The kernel passed its self-test; a failure here only means no warm-up: switch anyway.
        } finally {
            warm = true;
        }
    }
}
