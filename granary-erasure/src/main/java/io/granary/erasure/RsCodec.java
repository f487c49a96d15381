package io.granary.erasure;

import java.util.BitSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link ErasureCodec} for one (k, m) and one kernel; decode matrices are cached per erasure pattern. */
final class RsCodec implements ErasureCodec {
    /** Bound on cached decode matrices per codec (16 shards with up to 4 missing is about 2500 patterns). */
    private static final int MAX_CACHED_PATTERNS = 4096;

    private final int k;
    private final int m;
    private final GfKernel kernel;
    private final byte[][] matrix;
    private final GfKernel.MatrixOp encodeOp;
    private final ConcurrentHashMap<BitSet, Decoder> decoders = new ConcurrentHashMap<>();

    private record Decoder(int[] inputs, int[] outputs, GfKernel.MatrixOp op) {}

    RsCodec(int k, int m, GfKernel kernel) {
        checkShape(k, m);
        this.k = k;
        this.m = m;
        this.kernel = kernel;
        this.matrix = EncodingMatrix.build(k, m);
        byte[][] parity = new byte[m][];
        System.arraycopy(matrix, k, parity, 0, m);
        this.encodeOp = kernel.prepare(parity);
    }

    static void checkShape(int k, int m) {
        if (k < 1 || m < 0 || k + m > EncodingMatrix.MAX_SHARDS) {
            throw new IllegalArgumentException(
                    "need 1 <= k, 0 <= m and k+m <= " + EncodingMatrix.MAX_SHARDS + ": k=" + k + ", m=" + m);
        }
    }

    @Override
    public int dataShards() {
        return k;
    }

    @Override
    public int parityShards() {
        return m;
    }

    @Override
    public String kernelName() {
        return kernel.name();
    }

    @Override
    public void encode(byte[][] shards, int offset, int len) {
        checkShards(shards, offset, len);
        if (m == 0 || len == 0) {
            return;
        }
        byte[][] data = new byte[k][];
        byte[][] parity = new byte[m][];
        System.arraycopy(shards, 0, data, 0, k);
        System.arraycopy(shards, k, parity, 0, m);
        encodeOp.apply(data, parity, offset, len);
    }

    @Override
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int len) {
        checkShards(shards, offset, len);
        Objects.requireNonNull(present, "present");
        if (present.length != k + m) {
            throw new IllegalArgumentException("present.length " + present.length + " != k+m = " + (k + m));
        }
        BitSet pattern = new BitSet(k + m);
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                pattern.set(i);
            }
        }
        int count = pattern.cardinality();
        if (count < k) {
            throw new IllegalArgumentException(
                    "only " + count + " of " + (k + m) + " shards present, need at least k = " + k);
        }
        if (count == k + m || len == 0) {
            return;
        }
        Decoder decoder = decoders.get(pattern);
        if (decoder == null) {
            decoder = buildDecoder(pattern);
            if (decoders.size() >= MAX_CACHED_PATTERNS) {
                decoders.clear();
            }
            decoders.put(pattern, decoder);
        }
        byte[][] in = new byte[k][];
        for (int i = 0; i < k; i++) {
            in[i] = shards[decoder.inputs[i]];
        }
        byte[][] out = new byte[decoder.outputs.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = shards[decoder.outputs[i]];
        }
        decoder.op.apply(in, out, offset, len);
    }

    /**
     * Uses the first k present shards as inputs. With S = E restricted to those rows, the data is inverse(S) times the
     * inputs, so a missing data shard d is row d of inverse(S) and a missing parity shard p is E[p] * inverse(S).
     */
    private Decoder buildDecoder(BitSet pattern) {
        int[] inputs = new int[k];
        int found = 0;
        for (int i = pattern.nextSetBit(0); found < k; i = pattern.nextSetBit(i + 1)) {
            inputs[found++] = i;
        }
        int[] outputs = new int[k + m - pattern.cardinality()];
        int missing = 0;
        for (int i = pattern.nextClearBit(0); i < k + m; i = pattern.nextClearBit(i + 1)) {
            outputs[missing++] = i;
        }
        byte[][] sub = new byte[k][];
        for (int i = 0; i < k; i++) {
            sub[i] = matrix[inputs[i]];
        }
        byte[][] decode = Gf256.invert(sub);
        byte[][] rows = new byte[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            int shard = outputs[i];
            rows[i] = shard < k ? decode[shard] : Gf256.multiply(new byte[][] {matrix[shard]}, decode)[0];
        }
        return new Decoder(inputs, outputs, kernel.prepare(rows));
    }

    private void checkShards(byte[][] shards, int offset, int len) {
        Objects.requireNonNull(shards, "shards");
        if (shards.length != k + m) {
            throw new IllegalArgumentException("shards.length " + shards.length + " != k+m = " + (k + m));
        }
        if (offset < 0 || len < 0) {
            throw new IllegalArgumentException("negative offset or length: offset=" + offset + ", len=" + len);
        }
        long end = (long) offset + len;
        for (int i = 0; i < shards.length; i++) {
            byte[] s = shards[i];
            if (s == null) {
                throw new IllegalArgumentException("shard " + i + " is null");
            }
            if (s.length < end) {
                throw new IllegalArgumentException(
                        "shard " + i + " has " + s.length + " bytes, needs offset+len = " + end);
            }
            for (int j = 0; j < i; j++) {
                if (shards[j] == s) {
                    throw new IllegalArgumentException("shards " + j + " and " + i + " are the same array");
                }
            }
        }
    }
}
