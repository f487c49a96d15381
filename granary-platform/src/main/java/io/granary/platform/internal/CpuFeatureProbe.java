package io.granary.platform.internal;

import io.granary.platform.Arch;
import io.granary.platform.OsFamily;
import io.granary.platform.Probed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CPU features that matter to Granary (CRC/checksum instructions, carry-less multiply for erasure coding, vector
 * widths), from {@code /proc/cpuinfo} on Linux. Under user-mode emulation cpuinfo describes the host CPU, which
 * is detected (x86 "flags" on an aarch64 JVM) and reported as unknown.
 */
public final class CpuFeatureProbe {
    static final Set<String> X86 = Set.of("sse4_2", "pclmulqdq", "avx", "avx2", "avx512f", "avx512bw",
            "avx512vl", "gfni", "vpclmulqdq", "sha_ni");
    static final Set<String> ARM = Set.of("asimd", "crc32", "pmull", "sha2", "sve", "sve2", "atomics");

    private CpuFeatureProbe() {}

    public static Probed<List<String>> probe(OsFamily os, Arch arch) {
        if (os != OsFamily.LINUX) return Probed.unknown(List.of(), "only read from /proc/cpuinfo on linux");
        try {
            return fromCpuinfo(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.ISO_8859_1), arch);
        } catch (Exception e) {
            return Probed.unknown(List.of(), "/proc/cpuinfo: " + Safe.describe(e));
        }
    }

    /** Picks the relevant features from the first "flags" (x86) or "Features" (arm) line. */
    public static Probed<List<String>> fromCpuinfo(String cpuinfo, Arch arch) {
        String key = arch == Arch.X86_64 ? "flags" : arch == Arch.AARCH64 ? "Features" : null;
        if (key == null) return Probed.unknown(List.of(), "no feature list known for this arch");
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String k = line.substring(0, colon).trim();
            if (k.equals(key)) {
                Set<String> wanted = arch == Arch.X86_64 ? X86 : ARM;
                List<String> found = new ArrayList<>();
                for (String f : line.substring(colon + 1).trim().split("\\s+")) if (wanted.contains(f)) found.add(f);
                found.sort(null);
                return Probed.of(List.copyOf(found), "/proc/cpuinfo " + key);
            }
        }
        return Probed.unknown(List.of(), "/proc/cpuinfo has no '" + key + "' line (emulated or another arch's CPU)");
    }
}
