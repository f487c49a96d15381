package io.granary.storage.local.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A new file in tmp/ that bytes are streamed to; memory use is independent of its size. */
public final class TempSink {
    private final Path path;
    private FileChannel channel;
    private long size;

    public TempSink(Layout layout, String suffix) {
        this.path = layout.newTempFile(suffix);
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw FsUtil.io("cannot create temp file", e);
        }
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    public boolean isOpen() {
        return channel != null;
    }

    public void write(ByteBuffer src) {
        if (channel == null) {
            throw new IllegalStateException("writer is finished");
        }
        try {
            while (src.hasRemaining()) {
                size += channel.write(src);
            }
        } catch (IOException e) {
            discard();
            throw FsUtil.io("write failed", e);
        }
    }

    /** Flushes (through {@code flusher}) and closes the file; it stays in tmp/ until moved or discarded. */
    public void finish(Flusher flusher) {
        if (channel == null) {
            throw new IllegalStateException("writer is finished");
        }
        try {
            flusher.file(channel, path);
            channel.close();
            channel = null;
        } catch (IOException e) {
            discard();
            throw FsUtil.io("flush failed", e);
        }
    }

    /** Closes and deletes the file; idempotent. */
    public void discard() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // deleting anyway
            }
            channel = null;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // tmp/ is cleared at open
        }
    }
}
