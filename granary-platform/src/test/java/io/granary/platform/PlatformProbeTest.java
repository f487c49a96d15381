package io.granary.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformProbeTest {

    @Test
    void probesThisMachineWithoutThrowing(@TempDir Path tmp) {
        PlatformReport r = PlatformProbe.probe(List.of(tmp, tmp.resolve("not/yet/created")));
        assertThat(r.cpuCount()).isPositive();
        assertThat(r.jvm().version()).isNotBlank();
        assertThat(r.memory().maxHeapBytes()).isPositive();
        assertThat(r.dataFolders()).hasSize(2);
        assertThat(r.dataFolders()).allSatisfy(d -> assertThat(d.fsType().known()).isTrue());
        assertThat(r.facts().os()).isEqualTo(r.os());
    }

    @Test
    void linuxPageSizeComesFromTheOsAndMatchesGetconf() throws Exception {
        PlatformReport r = PlatformProbe.probe();
        if (r.os() != OsFamily.LINUX) return;
        assertThat(r.pageSize().known()).isTrue();
        assertThat(r.pageSize().detail()).contains("auxv");
        Process p = new ProcessBuilder("getconf", "PAGESIZE").start();
        String getconf = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() == 0) assertThat(r.pageSize().value()).isEqualTo(Long.parseLong(getconf));
        assertThat(r.libc().value()).isIn(Libc.GLIBC, Libc.MUSL);
        assertThat(r.libc().known()).isTrue();
    }

    @Test
    void vectorApiIsReportedAsNotEnabledWithoutAddModules() {
        VectorSupport v = PlatformProbe.probe().vector();
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            assertThat(v.isAvailable()).isFalse();
            assertThat(v.unavailabilityCause()).contains("--add-modules jdk.incubator.vector");
        } else {
            assertThat(v.isAvailable()).isTrue();
            assertThat(v.preferredBitWidth()).isPositive();
        }
    }

    @Test
    void directMemoryLimitIsKnownOnHotSpot() {
        Probed<Long> d = PlatformProbe.probe().memory().maxDirectBytes();
        assertThat(d.known()).isTrue();
        assertThat(d.value()).isPositive();
    }

    @Test
    void namesNormalise() {
        assertThat(OsFamily.fromOsName("Mac OS X")).isEqualTo(OsFamily.MACOS);
        assertThat(OsFamily.fromOsName("Windows Server 2022")).isEqualTo(OsFamily.WINDOWS);
        assertThat(OsFamily.fromOsName("FreeBSD")).isEqualTo(OsFamily.OTHER);
        assertThat(OsFamily.fromOsName(null)).isEqualTo(OsFamily.OTHER);
        assertThat(Arch.fromOsArch("amd64")).isEqualTo(Arch.X86_64);
        assertThat(Arch.fromOsArch("arm64")).isEqualTo(Arch.AARCH64);
        assertThat(Arch.fromOsArch("riscv64")).isEqualTo(Arch.OTHER);
    }

    @Test
    void factsDescribeThemselves() {
        assertThat(new PlatformFacts(OsFamily.LINUX, Arch.AARCH64, Libc.GLIBC, 16384).describe())
                .isEqualTo("linux/aarch64/glibc/16K");
        assertThat(new PlatformFacts(OsFamily.WINDOWS, Arch.X86_64, Libc.NOT_APPLICABLE, 0).describe())
                .isEqualTo("windows/x86_64/not_applicable/?");
    }
}
