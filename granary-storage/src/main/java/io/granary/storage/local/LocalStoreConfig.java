package io.granary.storage.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of a {@link LocalObjectStore}.
 *
 * @param dataDir the data folder; created if missing. Everything the store writes stays inside it.
 * @param fsync   whether commits are flushed to stable storage (files and directories); true unless you are
 *                running tests or benchmarks and accept losing recent writes on power loss
 */
public record LocalStoreConfig(Path dataDir, boolean fsync) {

    public LocalStoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** A configuration with {@code fsync} enabled. */
    public LocalStoreConfig(Path dataDir) {
        this(dataDir, true);
    }

    public static LocalStoreConfig of(Path dataDir) {
        return new LocalStoreConfig(dataDir);
    }

    public LocalStoreConfig withFsync(boolean enabled) {
        return new LocalStoreConfig(dataDir, enabled);
    }
}
