package io.granary.erasure;

/**
 * The fixed systematic encoding matrix: part of the on-disk format, so it must never change.
 *
 * <p>Definition: let V be the (k+m) x k Vandermonde matrix over GF(2^8)/0x11D with V[r][c] = r^c (0^0 = 1), rows
 * evaluated at the distinct points r = 0..k+m-1. E = V * inverse(V[0..k)). The top k rows of E are the identity (data
 * shards are stored as they are) and rows k..k+m-1 hold the parity coefficients. Any k rows of V are an invertible
 * Vandermonde matrix (distinct points), and multiplying by the invertible inverse(V[0..k)) keeps that property, so
 * any k of the k+m shards determine the data.
 */
final class EncodingMatrix {
    static final int MAX_SHARDS = 256;

    private EncodingMatrix() {}

    /** The (k+m) x k matrix E. */
    static byte[][] build(int k, int m) {
        int n = k + m;
        byte[][] vandermonde = new byte[n][k];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < k; c++) {
                vandermonde[r][c] = (byte) Gf256.pow(r, c);
            }
        }
        byte[][] top = new byte[k][];
        System.arraycopy(vandermonde, 0, top, 0, k);
        return Gf256.multiply(vandermonde, Gf256.invert(top));
    }

    /** The m x k parity rows of E. */
    static byte[][] parityRows(int k, int m) {
        byte[][] e = build(k, m);
        byte[][] parity = new byte[m][];
        System.arraycopy(e, k, parity, 0, m);
        return parity;
    }
}
