package io.granary.erasure;

import java.util.ArrayList;
import java.util.List;

/** The kernels available in this test JVM, for parameterized tests. */
final class KernelsUnderTest {
    private KernelsUnderTest() {}

    static List<CodecKernel> available() {
        List<CodecKernel> out = new ArrayList<>();
        for (KernelProbe p : ErasureCodecs.probe()) {
            if (p.available()) {
                out.add(p.kernel());
            }
        }
        return out;
    }

    /** Optional kernels available here (each is compared with PURE_JAVA). */
    static List<CodecKernel> optional() {
        List<CodecKernel> out = available();
        out.remove(CodecKernel.PURE_JAVA);
        return out;
    }

    static ErasureCodec codec(CodecKernel kernel, int k, int m) {
        ErasureCodec codec = ErasureCodecs.create(k, m, kernel);
        if (!codec.kernelName().equals(ErasureCodecs.kernel(kernel).name())) {
            throw new AssertionError("asked for " + kernel + ", got " + codec.kernelName());
        }
        return codec;
    }
}
