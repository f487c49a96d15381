package io.granary.platform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllocatorPolicyTest {

    @ParameterizedTest(name = "{0}/{1}/{2}/{3} -> {4}")
    @CsvSource({
            "LINUX,   X86_64,  GLIBC,          4096,  POOLED",
            "LINUX,   AARCH64, GLIBC,          16384, ADAPTIVE",
            "LINUX,   AARCH64, GLIBC,          65536, ADAPTIVE",
            "LINUX,   AARCH64, GLIBC,          4096,  ADAPTIVE",
            "LINUX,   AARCH64, MUSL,           4096,  ADAPTIVE",
            "LINUX,   X86_64,  MUSL,           4096,  ADAPTIVE",
            "LINUX,   X86_64,  UNKNOWN,        4096,  ADAPTIVE",
            "LINUX,   X86_64,  GLIBC,          -1,    ADAPTIVE",
            "LINUX,   X86_64,  GLIBC,          2097152, ADAPTIVE",
            "LINUX,   OTHER,   GLIBC,          4096,  ADAPTIVE",
            "MACOS,   AARCH64, NOT_APPLICABLE, 16384, ADAPTIVE",
            "MACOS,   X86_64,  NOT_APPLICABLE, 4096,  ADAPTIVE",
            "WINDOWS, X86_64,  NOT_APPLICABLE, 4096,  ADAPTIVE",
            "WINDOWS, X86_64,  NOT_APPLICABLE, -1,    ADAPTIVE",
            "OTHER,   X86_64,  UNKNOWN,        4096,  ADAPTIVE",
    })
    void matrix(OsFamily os, Arch arch, Libc libc, long page, AllocatorKind expected) {
        AllocatorChoice c = AllocatorPolicy.choose(new PlatformFacts(os, arch, libc, page));
        assertThat(c.kind()).isEqualTo(expected);
        assertThat(c.reason()).isNotBlank();
    }

    @Test
    void reasonsNameTheBlockingFact() {
        assertThat(AllocatorPolicy.choose(new PlatformFacts(OsFamily.LINUX, Arch.AARCH64, Libc.GLIBC, 16384))
                .reason()).contains("aarch64");
        assertThat(AllocatorPolicy.choose(new PlatformFacts(OsFamily.LINUX, Arch.X86_64, Libc.GLIBC, 65536))
                .reason()).contains("65536");
        assertThat(AllocatorPolicy.choose(new PlatformFacts(OsFamily.LINUX, Arch.X86_64, Libc.MUSL, 4096))
                .reason()).contains("musl");
        assertThat(AllocatorPolicy.choose(new PlatformFacts(OsFamily.LINUX, Arch.X86_64, Libc.GLIBC, -1))
                .reason()).contains("unknown");
    }

    @Test
    void overrideWinsEverywhere() {
        for (AllocatorKind k : AllocatorKind.values()) {
            AllocatorChoice c = AllocatorPolicy.choose(
                    new PlatformFacts(OsFamily.LINUX, Arch.AARCH64, Libc.MUSL, 65536), k);
            assertThat(c.kind()).isEqualTo(k);
            assertThat(c.reason()).isEqualTo("forced by --allocator");
        }
        assertThat(AllocatorPolicy.choose(new PlatformFacts(OsFamily.LINUX, Arch.X86_64, Libc.GLIBC, 4096),
                AllocatorKind.UNPOOLED).kind()).isEqualTo(AllocatorKind.UNPOOLED);
    }

    @Test
    void parsesCommandLineValues() {
        assertThat(AllocatorKind.parse("Pooled")).isEqualTo(AllocatorKind.POOLED);
        assertThat(AllocatorKind.parse(" adaptive ")).isEqualTo(AllocatorKind.ADAPTIVE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AllocatorKind.parse("jemalloc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pooled, adaptive or unpooled");
    }
}
