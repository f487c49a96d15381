package io.granary.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Probes in the normal test JVM, which runs with the Vector API module and native access enabled. */
class KernelProbeTest {
    @Test
    void probesDescribeEveryKernel() {
        var probes = ErasureCodecs.probe();
        assertEquals(CodecKernel.values().length, probes.size());
        for (KernelProbe p : probes) {
            System.out.println("probe: " + p);
            if (p.available()) {
                assertNull(p.unavailabilityCause(), p.toString());
            } else {
                assertNotNull(p.unavailabilityCause(), p.toString());
                assertTrue(!p.unavailabilityCause().isBlank(), p.toString());
            }
        }
        System.out.println("choice: " + ErasureCodecs.choose(null));
    }

    @Test
    void vectorKernelIsAvailableWhenTheModuleIsPresent() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        assertEquals(module, ErasureCodecs.probe().get(CodecKernel.VECTOR.ordinal()).available(),
                String.valueOf(ErasureCodecs.probe()));
    }

    @Test
    void isalKernelIsAvailableWhereLibisalIsInstalled() {
        boolean installed = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libisal.so.2"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libisal.so.2"));
        if (installed && ErasureCodecsTestSupport.nativeAccess()) {
            KernelProbe isal = ErasureCodecs.probe().get(CodecKernel.ISA_L.ordinal());
            assertTrue(isal.available(), isal.toString());
        }
    }

    @Test
    void defaultChoiceIsTheFirstAvailableInPreferenceOrder() {
        KernelChoice choice = ErasureCodecs.choose(null);
        assertTrue(ErasureCodecs.probe().get(choice.kernel().ordinal()).available());
        assertEquals(ErasureCodecs.kernel(choice.kernel()).name(), ErasureCodecs.create(8, 4, null).kernelName());
        GfKernel vector = ErasureCodecs.kernel(CodecKernel.VECTOR);
        boolean isal = ErasureCodecs.probe().get(CodecKernel.ISA_L.ordinal()).available();
        if (vector != null && vector.name().equals("vector-512")) {
            assertEquals(CodecKernel.VECTOR, choice.kernel(), choice.toString());
        } else if (isal) {
            assertEquals(CodecKernel.ISA_L, choice.kernel(), choice.toString());
        } else if (vector != null) {
            assertEquals(CodecKernel.VECTOR, choice.kernel(), choice.toString());
        } else {
            assertEquals(CodecKernel.PURE_JAVA, choice.kernel(), choice.toString());
        }
    }
}

final class ErasureCodecsTestSupport {
    private ErasureCodecsTestSupport() {}

    static boolean nativeAccess() {
        return ErasureCodecs.class.getModule().isNativeAccessEnabled();
    }
}
