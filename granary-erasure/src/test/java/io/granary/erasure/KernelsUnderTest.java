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

    /** A codec on the kernel itself (not routed to pure Java while the Vector kernel warms up). */
    static ErasureCodec codec(CodecKernel kernel, int k, int m) {
        GfKernel raw = ErasureCodecs.rawKernel(kernel);
        if (raw == null) {
            throw new AssertionError(kernel + " is not available");
        }
        return new RsCodec(k, m, raw);
    }
}
