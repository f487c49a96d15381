package io.granary.storage.local;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of a {@link LocalObjectStore}.
 *
 * @param dataDir         the data folder; created if missing. Everything the store writes stays inside it.
 * @param fsync           whether commits are flushed to stable storage (files and directories); true unless you are
 *                        running tests or benchmarks and accept losing recent writes on power loss
 * @param inlineThreshold objects of up to this many bytes are stored inside their metadata file instead of a data
 *                        file of their own (a PUT then costs two flushes instead of four); 0 stores every object in a
 *                        data file. Also the most memory one upload in progress buffers. 0 ..
 *                        {@link #MAX_INLINE_THRESHOLD}, default {@link #DEFAULT_INLINE_THRESHOLD}.
 * @param directWrites    whether large object and part files are written with direct I/O where the data folder
 *                        takes it (probed at open; see {@link LocalObjectStore#directWritesUnavailabilityCause()}).
 *                        Default true; false writes everything through the page cache.
 */
public record LocalStoreConfig(Path dataDir, boolean fsync, int inlineThreshold, boolean directWrites) {

    /** 128 KiB, as the erasure engine's. */
    public static final int DEFAULT_INLINE_THRESHOLD = 128 * 1024;
    /** 1 MiB: inline objects are buffered in memory while they are uploaded and read whole at open. */
    public static final int MAX_INLINE_THRESHOLD = 1 << 20;

    public LocalStoreConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        if (inlineThreshold < 0 || inlineThreshold > MAX_INLINE_THRESHOLD) {
            throw new IllegalArgumentException("inlineThreshold out of 0.." + MAX_INLINE_THRESHOLD + ": "
                    + inlineThreshold);
        }
    }

    /** A configuration with direct writes where the data folder takes them. */
    public LocalStoreConfig(Path dataDir, boolean fsync, int inlineThreshold) {
        this(dataDir, fsync, inlineThreshold, true);
    }

    /** A configuration with the default inline threshold. */
    public LocalStoreConfig(Path dataDir, boolean fsync) {
        this(dataDir, fsync, DEFAULT_INLINE_THRESHOLD);
    }

    /** A configuration with {@code fsync} enabled and the default inline threshold. */
    public LocalStoreConfig(Path dataDir) {
        this(dataDir, true);
    }

    public static LocalStoreConfig of(Path dataDir) {
        return new LocalStoreConfig(dataDir);
    }

    public LocalStoreConfig withFsync(boolean enabled) {
        return new LocalStoreConfig(dataDir, enabled, inlineThreshold, directWrites);
    }

    /** This configuration with objects of up to {@code bytes} inline (0: none). */
    public LocalStoreConfig withInlineThreshold(int bytes) {
        return new LocalStoreConfig(dataDir, fsync, bytes, directWrites);
    }

    /** This configuration with direct writes allowed (where the data folder takes them) or never used. */
    public LocalStoreConfig withDirectWrites(boolean enabled) {
        return new LocalStoreConfig(dataDir, fsync, inlineThreshold, enabled);
    }
}
