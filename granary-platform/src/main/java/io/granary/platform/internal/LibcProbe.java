package io.granary.platform.internal;

import io.granary.platform.Libc;
import io.granary.platform.OsFamily;
import io.granary.platform.Probed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * glibc or musl, without running or loading anything: first the libraries mapped into this process
 * ({@code /proc/self/maps}), then the dynamic loaders present on disk.
 */
public final class LibcProbe {
    private static final Path MAPS = Path.of("/proc/self/maps");

    private LibcProbe() {}

    public static Probed<Libc> probe(OsFamily os) {
        if (os != OsFamily.LINUX) return Probed.of(Libc.NOT_APPLICABLE, "not linux");
        String mapsWhy;
        try {
            Libc fromMaps = fromMaps(Files.readString(MAPS, StandardCharsets.ISO_8859_1));
            if (fromMaps != Libc.UNKNOWN) return Probed.of(fromMaps, "/proc/self/maps");
            mapsWhy = "no libc in /proc/self/maps";
        } catch (IOException | RuntimeException e) {
            mapsWhy = "/proc/self/maps: " + Safe.describe(e);
        }
        try {
            Libc fromDisk = fromLoaderNames(loaderNames());
            if (fromDisk != Libc.UNKNOWN) return Probed.of(fromDisk, "dynamic loader in /lib");
            return Probed.unknown(Libc.UNKNOWN, mapsWhy + "; no known dynamic loader in /lib, /lib64");
        } catch (RuntimeException e) {
            return Probed.unknown(Libc.UNKNOWN, mapsWhy + "; " + Safe.describe(e));
        }
    }

    /** Classifies the text of a {@code /proc/PID/maps} file. musl wins if both appear (it cannot be partial). */
    public static Libc fromMaps(String maps) {
        if (maps.contains("ld-musl") || maps.contains("libc.musl")) return Libc.MUSL;
        if (maps.contains("libc.so.6") || maps.contains("ld-linux")) return Libc.GLIBC;
        return Libc.UNKNOWN;
    }

    /** Classifies loader file names such as {@code ld-musl-aarch64.so.1} or {@code ld-linux-x86-64.so.2}. */
    public static Libc fromLoaderNames(List<String> names) {
        if (names.stream().anyMatch(n -> n.startsWith("ld-musl-"))) return Libc.MUSL;
        if (names.stream().anyMatch(n -> n.startsWith("ld-linux"))) return Libc.GLIBC;
        return Libc.UNKNOWN;
    }

    private static List<String> loaderNames() {
        List<String> names = new java.util.ArrayList<>();
        for (String dir : new String[] {"/lib", "/lib64"}) {
            Path d = Path.of(dir);
            if (!Files.isDirectory(d)) continue;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d, "ld-*")) {
                for (Path p : s) names.add(p.getFileName().toString());
            } catch (IOException | RuntimeException ignored) {
                // an unreadable folder simply contributes nothing
            }
        }
        return names;
    }
}
