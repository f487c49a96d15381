package io.granary.erasure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The bitrot hash of shard blocks: HighwayHash-256 (J. Alakuijala, B. Cox, J. Wassenberg, "Fast keyed hash/
 * pseudo-random function using SIMD multiply and permute", 2016), the keyed hash MinIO and RustFS use for the same
 * purpose. 32-byte key, 32-byte result (four 64-bit lanes, each little-endian).
 *
 * <p>Implemented here from the algorithm's description (state of four 4x64-bit vectors v0, v1, mul0, mul1; per 32-byte
 * packet: add, 32x32-bit multiplies, byte "zipper" merges; a length-dependent remainder packet; ten permute-and-update
 * rounds and a modular reduction to finalize) in portable scalar Java, plus a bulk loop on the Vector API (one
 * 256-bit LongVector per state vector, about 8x faster) used when {@code jdk.incubator.vector} is present; both are
 * verified against each other and the published test vectors
 * (key bytes 0..31, inputs 0, 00, 00 01, ... of lengths 0..64) in BitrotHashTest. Not a cryptographic MAC against an
 * adversary who knows the key; it detects accidental corruption (bit flips, torn or misplaced writes) with a 256-bit
 * result.
 *
 * <p>Thread-safe: {@link #hash} is a pure function; a {@link Hasher} belongs to one thread at a time.
 */
public final class BitrotHash {
    /** Length of the result in bytes. */
    public static final int HASH_LENGTH = 32;
    /** Length of the key in bytes. */
    public static final int KEY_LENGTH = 32;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BitrotHash() {}

    /**
     * Whether the bulk loop can run on {@link HighwayHashVector} (jdk.incubator.vector present, 256-bit SIMD,
     * self-test passed), and whether it is warm. Decided on first use; a JVM without the module never loads that
     * class. Vector API code is slow until C2 compiles it (the first 1 MiB hash on a fresh JVM took 1.8 s), so a
     * daemon thread ({@code granary-bitrot-warmup}) runs it until it is fast and hashes use the scalar loop until then.
     */
    private static final class Bulk {
        static final boolean SUPPORTED = probe();
        static volatile boolean warm;

        static {
            if (SUPPORTED) {
                Thread.ofPlatform().daemon().name("granary-bitrot-warmup").priority(Thread.MIN_PRIORITY)
                        .start(Bulk::warmUp);
            }
        }

        private static boolean probe() {
            if (Boolean.getBoolean("granary.erasure.scalarBitrotHash")
                    || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return false;
            }
            try {
                Class.forName("io.granary.erasure.HighwayHashVector", true, BitrotHash.class.getClassLoader());
                if (!HighwayHashVector.supported()) {
                    return false;
                }
                java.util.SplittableRandom random = new java.util.SplittableRandom(99);
                byte[] key = new byte[32];
                byte[] data = new byte[32 * 40 + 7];
                random.nextBytes(key);
                random.nextBytes(data);
                Hasher scalar = new Hasher(key, false);
                scalar.update(data, 0, data.length);
                Hasher vector = new Hasher(key, true);
                vector.update(data, 0, data.length);
                return java.util.Arrays.equals(scalar.finish(), vector.finish());
            } catch (Throwable t) {
                return false;
            }
        }

        /** Hashes 16 KiB blocks until 50 of them ran at compiled speed (under 0.4 ms), or 10 s passed. */
        private static void warmUp() {
            try {
                byte[] key = new byte[32];
                byte[] block = new byte[16 * 1024];
                long deadline = System.nanoTime() + 10_000_000_000L;
                int fastCalls = 0;
                while (fastCalls < 50 && System.nanoTime() < deadline) {
                    long start = System.nanoTime();
                    Hasher h = new Hasher(key, true);
                    h.update(block, 0, block.length);
                    h.finish();
                    if (System.nanoTime() - start < 400_000) {
                        fastCalls++;
                    }
                }
            } catch (Throwable t) {
                // self-tested already; no warm-up just means the switch happens now
            } finally {
                warm = true;
            }
        }

        static boolean useVector() {
            return SUPPORTED && warm;
        }
    }

    /**
     * {@code "vector-256"} or {@code "scalar"}: how {@link #hash} runs in this JVM (for logs and benchmarks); with
     * vector-256, the first second or so after first use still runs scalar while the vector loop warms up.
     */
    public static String implementation() {
        return Bulk.SUPPORTED ? "vector-256" : "scalar";
    }

    /** {@code "HighwayHash-256"}: the name to record next to stored hashes. */
    public static String algorithmName() {
        return "HighwayHash-256";
    }

    /** The 32-byte HighwayHash-256 of {@code data[off..off+len)} under the 32-byte key. */
    public static byte[] hash(byte[] key32, byte[] data, int off, int len) {
        Objects.checkFromIndexSize(off, len, data.length);
        Hasher h = newHasher(key32);
        h.update(data, off, len);
        return h.finish();
    }

    /** A streaming hasher: {@code update} any number of times, then {@code finish} once. */
    public static Hasher newHasher(byte[] key32) {
        return new Hasher(key32, Bulk.useVector());
    }

    /** The portable scalar path only; package-private, to cross-check the vector path in tests. */
    static byte[] hashScalar(byte[] key32, byte[] data, int off, int len) {
        Hasher h = new Hasher(key32, false);
        h.update(data, off, len);
        return h.finish();
    }

    /** The vector bulk loop, warm or not (null where unsupported); package-private, for tests. */
    static byte[] hashVector(byte[] key32, byte[] data, int off, int len) {
        if (!Bulk.SUPPORTED) {
            return null;
        }
        Hasher h = new Hasher(key32, true);
        h.update(data, off, len);
        return h.finish();
    }

    /** True once the vector loop is in use ({@link #implementation()} is vector-256 and warm-up finished). */
    static boolean vectorWarm() {
        return Bulk.useVector();
    }

    /** HighwayHash-64 of the same state machine; package-private, for the test vectors only. */
    static long hash64(byte[] key32, byte[] data, int off, int len) {
        Hasher h = new Hasher(key32, false);
        h.update(data, off, len);
        return h.finish64();
    }

    /** Streaming HighwayHash-256. Not thread-safe. */
    public static final class Hasher {
        private long v00, v01, v02, v03;
        private long v10, v11, v12, v13;
        private long m00, m01, m02, m03;
        private long m10, m11, m12, m13;
        private final byte[] buffer = new byte[32];
        private int buffered;
        private boolean finished;
        private final boolean vector;
        private long[] vectorState;

        private Hasher(byte[] key32, boolean vector) {
            this.vector = vector;
            Objects.requireNonNull(key32, "key32");
            if (key32.length != KEY_LENGTH) {
                throw new IllegalArgumentException("HighwayHash key must be 32 bytes, got " + key32.length);
            }
            long k0 = (long) LONGS.get(key32, 0);
            long k1 = (long) LONGS.get(key32, 8);
            long k2 = (long) LONGS.get(key32, 16);
            long k3 = (long) LONGS.get(key32, 24);
            m00 = 0xdbe6d5d5fe4cce2fL;
            m01 = 0xa4093822299f31d0L;
            m02 = 0x13198a2e03707344L;
            m03 = 0x243f6a8885a308d3L;
            m10 = 0x3bd39e10cb0ef593L;
            m11 = 0xc0acf169b5f18a8cL;
            m12 = 0xbe5466cf34e90c6cL;
            m13 = 0x452821e638d01377L;
            v00 = m00 ^ k0;
            v01 = m01 ^ k1;
            v02 = m02 ^ k2;
            v03 = m03 ^ k3;
            v10 = m10 ^ Long.rotateLeft(k0, 32);
            v11 = m11 ^ Long.rotateLeft(k1, 32);
            v12 = m12 ^ Long.rotateLeft(k2, 32);
            v13 = m13 ^ Long.rotateLeft(k3, 32);
        }

        /** Adds {@code data[off..off+len)}. */
        public Hasher update(byte[] data, int off, int len) {
            Objects.checkFromIndexSize(off, len, data.length);
            if (finished) {
                throw new IllegalStateException("finish() was already called");
            }
            if (buffered > 0) {
                int take = Math.min(len, 32 - buffered);
                System.arraycopy(data, off, buffer, buffered, take);
                buffered += take;
                off += take;
                len -= take;
                if (buffered < 32) {
                    return this;
                }
                packet(buffer, 0);
                buffered = 0;
            }
            int end = off + (len & ~31);
            int packets = (end - off) >>> 5;
            if (vector && packets >= 8) {
                bulkVector(data, off, packets);
                off = end;
            }
            for (; off < end; off += 32) {
                packet(data, off);
            }
            int rest = len & 31;
            System.arraycopy(data, off, buffer, 0, rest);
            buffered = rest;
            return this;
        }

        private void bulkVector(byte[] data, int off, int packets) {
            long[] st = vectorState;
            if (st == null) {
                st = vectorState = new long[16];
            }
            st[0] = v00; st[1] = v01; st[2] = v02; st[3] = v03;
            st[4] = v10; st[5] = v11; st[6] = v12; st[7] = v13;
            st[8] = m00; st[9] = m01; st[10] = m02; st[11] = m03;
            st[12] = m10; st[13] = m11; st[14] = m12; st[15] = m13;
            HighwayHashVector.packets(st, data, off, packets);
            v00 = st[0]; v01 = st[1]; v02 = st[2]; v03 = st[3];
            v10 = st[4]; v11 = st[5]; v12 = st[6]; v13 = st[7];
            m00 = st[8]; m01 = st[9]; m02 = st[10]; m03 = st[11];
            m10 = st[12]; m11 = st[13]; m12 = st[14]; m13 = st[15];
        }

        /** The 32-byte hash; the hasher cannot be used afterwards. */
        public byte[] finish() {
            finishInput();
            for (int i = 0; i < 10; i++) {
                permuteAndUpdate();
            }
            byte[] out = new byte[HASH_LENGTH];
            // ModularReduction of (v1+mul1 : v0+mul0) lanes 1,0 and 3,2 (each pair a 256-bit number mod x^128+x^2+x).
            reduce(out, 0, v11 + m11, v10 + m10, v01 + m01, v00 + m00);
            reduce(out, 16, v13 + m13, v12 + m12, v03 + m03, v02 + m02);
            return out;
        }

        long finish64() {
            finishInput();
            for (int i = 0; i < 4; i++) {
                permuteAndUpdate();
            }
            return v00 + v10 + m00 + m10;
        }

        private void finishInput() {
            if (finished) {
                throw new IllegalStateException("finish() was already called");
            }
            finished = true;
            if (buffered > 0) {
                remainder();
            }
        }

        private static void reduce(byte[] out, int at, long a3Unmasked, long a2, long a1, long a0) {
            long a3 = a3Unmasked & 0x3FFFFFFFFFFFFFFFL;
            long m1 = a1 ^ ((a3 << 1) | (a2 >>> 63)) ^ ((a3 << 2) | (a2 >>> 62));
            long m0 = a0 ^ (a2 << 1) ^ (a2 << 2);
            LONGS.set(out, at, m0);
            LONGS.set(out, at + 8, m1);
        }

        /** The last 1..31 bytes (in buffer[0..buffered)). */
        private void remainder() {
            int size = buffered;
            long add = ((long) size << 32) + size;
            v00 += add;
            v01 += add;
            v02 += add;
            v03 += add;
            v10 = rotate32By(v10, size);
            v11 = rotate32By(v11, size);
            v12 = rotate32By(v12, size);
            v13 = rotate32By(v13, size);
            byte[] packet = new byte[32];
            int whole = size & ~3;
            int mod4 = size & 3;
            System.arraycopy(buffer, 0, packet, 0, whole);
            if ((size & 16) != 0) {
                for (int i = 0; i < 4; i++) {
                    packet[28 + i] = buffer[whole + i + mod4 - 4];
                }
            } else if (mod4 != 0) {
                packet[16] = buffer[whole];
                packet[17] = buffer[whole + (mod4 >> 1)];
                packet[18] = buffer[whole + mod4 - 1];
            }
            packet(packet, 0);
        }

        private static long rotate32By(long lane, int count) {
            int lo = Integer.rotateLeft((int) lane, count);
            int hi = Integer.rotateLeft((int) (lane >>> 32), count);
            return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
        }

        private void permuteAndUpdate() {
            update(Long.rotateLeft(v02, 32), Long.rotateLeft(v03, 32), Long.rotateLeft(v00, 32),
                    Long.rotateLeft(v01, 32));
        }

        private void packet(byte[] data, int off) {
            update((long) LONGS.get(data, off), (long) LONGS.get(data, off + 8), (long) LONGS.get(data, off + 16),
                    (long) LONGS.get(data, off + 24));
        }

        private void update(long a0, long a1, long a2, long a3) {
            v10 += m00 + a0;
            v11 += m01 + a1;
            v12 += m02 + a2;
            v13 += m03 + a3;
            m00 ^= (v10 & 0xFFFFFFFFL) * (v00 >>> 32);
            m01 ^= (v11 & 0xFFFFFFFFL) * (v01 >>> 32);
            m02 ^= (v12 & 0xFFFFFFFFL) * (v02 >>> 32);
            m03 ^= (v13 & 0xFFFFFFFFL) * (v03 >>> 32);
            v00 += m10;
            v01 += m11;
            v02 += m12;
            v03 += m13;
            m10 ^= (v00 & 0xFFFFFFFFL) * (v10 >>> 32);
            m11 ^= (v01 & 0xFFFFFFFFL) * (v11 >>> 32);
            m12 ^= (v02 & 0xFFFFFFFFL) * (v12 >>> 32);
            m13 ^= (v03 & 0xFFFFFFFFL) * (v13 >>> 32);
            v00 += zipLow(v11, v10);
            v01 += zipHigh(v11, v10);
            v02 += zipLow(v13, v12);
            v03 += zipHigh(v13, v12);
            v10 += zipLow(v01, v00);
            v11 += zipHigh(v01, v00);
            v12 += zipLow(v03, v02);
            v13 += zipHigh(v03, v02);
        }

        /** The byte shuffle ("zipper merge") that feeds lane 2i: mixes the multiply results' best-distributed bytes. */
        private static long zipLow(long hi, long lo) {
            return (((lo & 0xff000000L) | (hi & 0xff00000000L)) >>> 24)
                    | (((lo & 0xff0000000000L) | (hi & 0xff000000000000L)) >>> 16)
                    | (lo & 0xff0000L)
                    | ((lo & 0xff00L) << 32)
                    | ((hi & 0xff00000000000000L) >>> 8)
                    | (lo << 56);
        }

        /** The zipper merge for lane 2i+1. */
        private static long zipHigh(long hi, long lo) {
            return (((hi & 0xff000000L) | (lo & 0xff00000000L)) >>> 24)
                    | (hi & 0xff0000L)
                    | ((hi & 0xff0000000000L) >>> 16)
                    | ((hi & 0xff00L) << 24)
                    | ((lo & 0xff000000000000L) >>> 8)
                    | ((hi & 0xffL) << 48)
                    | (lo & 0xff00000000000000L);
        }
    }
}
