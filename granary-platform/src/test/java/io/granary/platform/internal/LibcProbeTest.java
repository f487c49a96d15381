package io.granary.platform.internal;

import io.granary.platform.Arch;
import io.granary.platform.Libc;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LibcProbeTest {
    @Test
    void classifiesMaps() {
        assertThat(LibcProbe.fromMaps("7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libc.so.6\n"))
                .isEqualTo(Libc.GLIBC);
        assertThat(LibcProbe.fromMaps("7f00-7f01 r-xp 0 08:01 1 /lib/ld-musl-aarch64.so.1\n")).isEqualTo(Libc.MUSL);
        assertThat(LibcProbe.fromMaps("7f00-7f01 r-xp 0 00:00 0 [vdso]\n")).isEqualTo(Libc.UNKNOWN);
    }

    @Test
    void classifiesLoaders() {
        assertThat(LibcProbe.fromLoaderNames(List.of("ld-musl-x86_64.so.1"))).isEqualTo(Libc.MUSL);
        assertThat(LibcProbe.fromLoaderNames(List.of("ld-linux-aarch64.so.1"))).isEqualTo(Libc.GLIBC);
        assertThat(LibcProbe.fromLoaderNames(List.of())).isEqualTo(Libc.UNKNOWN);
    }

    @Test
    void cpuFeaturesIgnoreAnotherArchsCpuinfo() {
        String x86 = "processor : 0\nflags : fpu sse4_2 avx2 pclmulqdq avx512f\n";
        assertThat(CpuFeatureProbe.fromCpuinfo(x86, Arch.X86_64).value())
                .containsExactly("avx2", "avx512f", "pclmulqdq", "sse4_2");
        assertThat(CpuFeatureProbe.fromCpuinfo(x86, Arch.AARCH64).known()).isFalse();
        String arm = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics\n";
        assertThat(CpuFeatureProbe.fromCpuinfo(arm, Arch.AARCH64).value())
                .containsExactly("asimd", "atomics", "crc32", "pmull", "sha2");
    }
}
