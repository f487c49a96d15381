package io.granary.erasure;

/**
 * Which kernel {@link ErasureCodecs#create} uses for a request, and why (for the startup log line).
 *
 * @param kernel the kernel that will run
 * @param reason e.g. {@code "fastest available"} or {@code "forced ISA_L unavailable (...); fell back to PURE_JAVA"}
 */
public record KernelChoice(CodecKernel kernel, String reason) {}
