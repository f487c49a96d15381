package io.granary.erasure;

/**
 * Whether a kernel can run in this JVM.
 *
 * @param unavailabilityCause null when available, else a one-line human-readable reason
 */
public record KernelProbe(CodecKernel kernel, boolean available, String unavailabilityCause) {}
