package io.granary.platform;

import java.util.List;

/**
 * Everything {@link PlatformProbe} found about the machine and JVM. Every probed field is a {@link Probed} or has
 * an "unknown" value, so a report always exists even on a platform nothing was known about.
 *
 * @param osName      {@code os.name}
 * @param osVersion   {@code os.version}
 * @param os          normalised family
 * @param arch        normalised architecture
 * @param rawArch     {@code os.arch} as the JVM reports it
 * @param libc        C library (Linux only)
 * @param pageSize    the real memory page size in bytes, from the OS
 * @param cpuCount    {@code Runtime.availableProcessors()}
 * @param cpuFeatures CPU features that matter to Granary (checksums, erasure coding, vectors)
 * @param vector      Vector API availability and width
 * @param jvm         JVM vendor/version/VM
 * @param memory      heap and direct-memory limits
 * @param dataFolders filesystem type of each data folder asked about
 */
public record PlatformReport(String osName, String osVersion, OsFamily os, Arch arch, String rawArch,
                             Probed<Libc> libc, Probed<Long> pageSize, int cpuCount,
                             Probed<List<String>> cpuFeatures, VectorSupport vector, JvmInfo jvm,
                             MemoryLimits memory, List<DataFolder> dataFolders) {
    public PlatformReport {
        dataFolders = List.copyOf(dataFolders);
    }

    /** The decision inputs (an unknown page size becomes {@link PlatformFacts#UNKNOWN_PAGE_SIZE}). */
    public PlatformFacts facts() {
        return new PlatformFacts(os, arch, libc.value(),
                pageSize.known() ? pageSize.value() : PlatformFacts.UNKNOWN_PAGE_SIZE);
    }
}
