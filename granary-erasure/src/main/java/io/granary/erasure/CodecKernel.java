package io.granary.erasure;

/** The implementations of the GF(2^8) arithmetic behind an {@link ErasureCodec}. */
public enum CodecKernel {
    /** Portable table-driven Java: always available. */
    PURE_JAVA,
    /** {@code jdk.incubator.vector} split-nibble shuffles; needs {@code --add-modules jdk.incubator.vector}. */
    VECTOR,
    /** Intel ISA-L ({@code libisal.so.2}) through the FFM API; needs the library and native access. */
    ISA_L
}
