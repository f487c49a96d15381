package io.granary.platform;

import io.granary.platform.internal.CpuFeatureProbe;
import io.granary.platform.internal.DirectMemoryProbe;
import io.granary.platform.internal.FileSystemProbe;
import io.granary.platform.internal.LibcProbe;
import io.granary.platform.internal.PageSizeProbe;
import io.granary.platform.internal.VectorProbe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes the platform with pure JDK means: system properties, {@code /proc} files, and at most one short
 * {@code getconf} child process. It loads no native library of its own and never throws: every failure becomes an
 * unknown value with its reason.
 *
 * <p>Call it after start-up ({@code granary info}, server start), never on the {@code --version}/{@code --help}
 * path.
 */
public final class PlatformProbe {
    private PlatformProbe() {}

    /** Probes without data folders. */
    public static PlatformReport probe() {
        return probe(List.of());
    }

    /** Probes, including the filesystem type of each data folder. */
    public static PlatformReport probe(List<Path> dataFolders) {
        String osName = prop("os.name");
        String rawArch = prop("os.arch");
        OsFamily os = OsFamily.fromOsName(osName);
        Arch arch = Arch.fromOsArch(rawArch);
        List<DataFolder> folders = new ArrayList<>();
        for (Path p : dataFolders) folders.add(new DataFolder(p, FileSystemProbe.type(p)));
        return new PlatformReport(osName, prop("os.version"), os, arch, rawArch,
                LibcProbe.probe(os),
                PageSizeProbe.probe(os),
                cpuCount(),
                CpuFeatureProbe.probe(os, arch),
                VectorProbe.probe(),
                JvmInfo.current(),
                new MemoryLimits(Runtime.getRuntime().maxMemory(), DirectMemoryProbe.probe()),
                folders);
    }

    private static int cpuCount() {
        try {
            return Runtime.getRuntime().availableProcessors();
        } catch (RuntimeException e) {
            return 1;
        }
    }

    private static String prop(String key) {
        try {
            String v = System.getProperty(key);
            return v == null ? "unknown" : v;
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
