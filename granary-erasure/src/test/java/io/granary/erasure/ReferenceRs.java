package io.granary.erasure;

/**
 * An independent, deliberately slow Reed-Solomon reference for the tests: bit-by-bit GF(2^8) multiplication (no
 * tables), exponentiation by repeated multiplication, inversion by exhaustive search, Gauss-Jordan on int matrices.
 * Shares no code with the production classes.
 */
final class ReferenceRs {
    private ReferenceRs() {}

    static int mul(int a, int b) {
        int product = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                product ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= 0x11D;
            }
            b >>= 1;
        }
        return product;
    }

    static int power(int base, int exponent) {
        int result = 1;
        for (int i = 0; i < exponent; i++) {
            result = mul(result, base);
        }
        return result;
    }

    static int inverse(int a) {
        for (int x = 1; x < 256; x++) {
            if (mul(a, x) == 1) {
                return x;
            }
        }
        throw new ArithmeticException("no inverse of " + a);
    }

    static int[][] invert(int[][] m) {
        int n = m.length;
        int[][] a = new int[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int p = col;
            while (a[p][col] == 0) {
                p++;
            }
            int[] t = a[p];
            a[p] = a[col];
            a[col] = t;
            int s = inverse(a[col][col]);
            for (int j = 0; j < 2 * n; j++) {
                a[col][j] = mul(a[col][j], s);
            }
            for (int i = 0; i < n; i++) {
                if (i != col) {
                    int f = a[i][col];
                    for (int j = 0; j < 2 * n; j++) {
                        a[i][j] ^= mul(f, a[col][j]);
                    }
                }
            }
        }
        int[][] inv = new int[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }

    /** Parity rows of Vandermonde(r^c, r = 0..k+m-1) times inverse(top k rows). */
    static int[][] parityMatrix(int k, int m) {
        int[][] top = new int[k][k];
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                top[r][c] = power(r, c);
            }
        }
        int[][] inv = invert(top);
        int[][] parity = new int[m][k];
        for (int p = 0; p < m; p++) {
            for (int c = 0; c < k; c++) {
                int acc = 0;
                for (int i = 0; i < k; i++) {
                    acc ^= mul(power(k + p, i), inv[i][c]);
                }
                parity[p][c] = acc;
            }
        }
        return parity;
    }

    /** Parity bytes for data[0..k) in [off, off+len). */
    static byte[][] encode(int k, int m, byte[][] data, int off, int len) {
        int[][] matrix = parityMatrix(k, m);
        byte[][] parity = new byte[m][off + len];
        for (int p = 0; p < m; p++) {
            for (int i = off; i < off + len; i++) {
                int acc = 0;
                for (int c = 0; c < k; c++) {
                    acc ^= mul(matrix[p][c], data[c][i] & 0xFF);
                }
                parity[p][i] = (byte) acc;
            }
        }
        return parity;
    }
}
