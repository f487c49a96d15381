package io.granary.erasure;

/**
 * Arithmetic in GF(2^8) with the reducing polynomial x^8+x^4+x^3+x^2+1 ({@code 0x11D}) and generator 2, plus the few
 * matrix operations the codec needs. Package-private; all kernels share these tables.
 */
final class Gf256 {
    static final int POLYNOMIAL = 0x11D;

    /** EXP[i] = 2^i, doubled in length so EXP[LOG[a] + LOG[b]] needs no modulo. */
    private static final int[] EXP = new int[510];
    private static final int[] LOG = new int[256];
    /** MUL[a][b] = a*b: 64 KiB, the pure-Java kernel's per-coefficient lookup tables. */
    static final byte[][] MUL = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= POLYNOMIAL;
            }
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                MUL[a][b] = (byte) slowMulNoTable(a, b);
            }
        }
    }

    private Gf256() {}

    /** Carry-less multiply and reduce, bit by bit: the definition, used to build (and cross-check) the tables. */
    static int slowMulNoTable(int a, int b) {
        int p = 0;
        for (int i = 0; i < 8; i++) {
            if ((b & 1) != 0) {
                p ^= a;
            }
            b >>= 1;
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= POLYNOMIAL;
            }
        }
        return p;
    }

    static int mul(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]];
    }

    static int inv(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a]];
    }

    static int pow(int a, int n) {
        if (n == 0) {
            return 1;
        }
        if (a == 0) {
            return 0;
        }
        return EXP[(LOG[a] * n) % 255];
    }

    /** Matrix product over GF(2^8): (r x n) * (n x c). */
    static byte[][] multiply(byte[][] a, byte[][] b) {
        int rows = a.length;
        int inner = b.length;
        int cols = b[0].length;
        byte[][] out = new byte[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int acc = 0;
                for (int i = 0; i < inner; i++) {
                    acc ^= mul(a[r][i] & 0xFF, b[i][c] & 0xFF);
                }
                out[r][c] = (byte) acc;
            }
        }
        return out;
    }

    /** Inverse of a square matrix by Gauss-Jordan elimination; throws ArithmeticException if it is singular. */
    static byte[][] invert(byte[][] matrix) {
        int n = matrix.length;
        int[][] work = new int[n][2 * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                work[r][c] = matrix[r][c] & 0xFF;
            }
            work[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix");
            }
            int[] tmp = work[pivot];
            work[pivot] = work[col];
            work[col] = tmp;
            int scale = inv(work[col][col]);
            for (int c = 0; c < 2 * n; c++) {
                work[col][c] = mul(work[col][c], scale);
            }
            for (int r = 0; r < n; r++) {
                int f = work[r][col];
                if (r != col && f != 0) {
                    for (int c = 0; c < 2 * n; c++) {
                        work[r][c] ^= mul(f, work[col][c]);
                    }
                }
            }
        }
        byte[][] out = new byte[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                out[r][c] = (byte) work[r][n + c];
            }
        }
        return out;
    }
}
