package io.granary.erasure;

/**
 * SPI of a kernel: multiplies a coefficient matrix by byte vectors. Implementations: {@link PureJavaKernel},
 * {@code VectorKernel}, {@code IsalKernel}.
 */
interface GfKernel {
    /** For {@link ErasureCodec#kernelName()}. */
    String name();

    /**
     * Prepares a rows x cols coefficient matrix (lookup tables etc.) once; the result is immutable and thread-safe.
     */
    MatrixOp prepare(byte[][] coefficients);

    /** A prepared matrix: {@code outputs[r][i] = XOR over c of coefficients[r][c] * inputs[c][i]}. */
    interface MatrixOp {
        /**
         * Overwrites {@code outputs[r][off..off+len)} for every r. {@code inputs.length == cols}, {@code
         * outputs.length == rows}; bounds are already checked by the caller; outputs never alias inputs.
         */
        void apply(byte[][] inputs, byte[][] outputs, int off, int len);
    }
}
