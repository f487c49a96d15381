package io.granary.erasure;

/**
 * Portable kernel: one 256-entry product table per coefficient (rows of {@link Gf256#MUL}), worked through the input
 * in cache-sized chunks so the outputs being accumulated stay in L1.
 */
final class PureJavaKernel implements GfKernel {
    static final PureJavaKernel INSTANCE = new PureJavaKernel();
    private static final int CHUNK = 8 * 1024;

    private PureJavaKernel() {}

    @Override
    public String name() {
        return "pure-java";
    }

    @Override
    public MatrixOp prepare(byte[][] coefficients) {
        int rows = coefficients.length;
        int cols = rows == 0 ? 0 : coefficients[0].length;
        int[][] coef = new int[rows][cols];
        byte[][][] tables = new byte[rows][cols][];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                coef[r][c] = coefficients[r][c] & 0xFF;
                tables[r][c] = Gf256.MUL[coef[r][c]];
            }
        }
        return (inputs, outputs, off, len) -> apply(coef, tables, inputs, outputs, off, len);
    }

    private static void apply(int[][] coef, byte[][][] tables, byte[][] inputs, byte[][] outputs, int off, int len) {
        int end = off + len;
        for (int base = off; base < end; base += CHUNK) {
            int stop = Math.min(end, base + CHUNK);
            for (int r = 0; r < outputs.length; r++) {
                byte[] out = outputs[r];
                int[] cr = coef[r];
                byte[][] tr = tables[r];
                boolean first = true;
                for (int c = 0; c < inputs.length; c++) {
                    int k = cr[c];
                    if (k == 0) {
                        continue;
                    }
                    byte[] in = inputs[c];
                    if (first) {
                        if (k == 1) {
                            System.arraycopy(in, base, out, base, stop - base);
                        } else {
                            byte[] t = tr[c];
                            for (int i = base; i < stop; i++) {
                                out[i] = t[in[i] & 0xFF];
                            }
                        }
                        first = false;
                    } else if (k == 1) {
                        for (int i = base; i < stop; i++) {
                            out[i] ^= in[i];
                        }
                    } else {
                        byte[] t = tr[c];
                        for (int i = base; i < stop; i++) {
                            out[i] ^= t[in[i] & 0xFF];
                        }
                    }
                }
                if (first) {
                    java.util.Arrays.fill(out, base, stop, (byte) 0);
                }
            }
        }
    }
}
