package io.granary.platform.internal;

import io.granary.platform.Probed;

import java.nio.file.Files;
import java.nio.file.Path;

/** The file-store type of a folder, or of its nearest existing parent when it does not exist yet. */
public final class FileSystemProbe {
    private FileSystemProbe() {}

    public static Probed<String> type(Path folder) {
        try {
            Path p = folder.toAbsolutePath().normalize();
            while (p != null && !Files.exists(p)) p = p.getParent();
            if (p == null) return Probed.unknown("unknown", "no existing parent of " + folder);
            String type = Files.getFileStore(p).type();
            String where = p.equals(folder.toAbsolutePath().normalize()) ? "file store" : "file store of parent " + p;
            return Probed.of(type == null || type.isBlank() ? "unknown" : type, where);
        } catch (Exception | Error e) {
            return Probed.unknown("unknown", Safe.describe(e));
        }
    }
}
