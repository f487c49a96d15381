package io.granary.storage.local.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Flushes files and folders to stable storage. Every fsync the single-folder engine makes goes through the store's
 * one {@code Flusher}, so the cost of an operation in flushes is a single seam to observe (tests count them).
 *
 * <p>{@link #DURABLE} flushes for real: {@link #file} is fdatasync (contents and size; timestamps need not be
 * durable), {@link #dir} fsyncs the folder so that names created, renamed or removed in it survive a crash (skipped on
 * Windows, where folders cannot be opened and NTFS journals its metadata itself). {@link #NONE} does nothing: the
 * {@code fsync=false} setting.
 */
public interface Flusher {

    Flusher NONE = new Flusher() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void file(FileChannel channel, Path path) {
            // fsync is off
        }

        @Override
        public void dir(Path dir) {
            // fsync is off
        }
    };

    Flusher DURABLE = new Flusher() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            channel.force(false);
        }

        @Override
        public void dir(Path dir) throws IOException {
            FsUtil.fsyncDir(dir);
        }
    };

    /** {@link #DURABLE} or {@link #NONE}. */
    static Flusher of(boolean fsync) {
        return fsync ? DURABLE : NONE;
    }

    /** Whether this flusher writes anything to stable storage. */
    boolean enabled();

    /** Flushes the contents and size of the file open as {@code channel} (found at {@code path}). */
    void file(FileChannel channel, Path path) throws IOException;

    /** Flushes the entries of folder {@code dir}. */
    void dir(Path dir) throws IOException;
}
