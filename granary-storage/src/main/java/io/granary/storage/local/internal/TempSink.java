package io.granary.storage.local.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A new file in tmp/ that bytes are streamed to; memory use is independent of its size. Not thread-safe.
 *
 * <p>Implementation notes: where the store's {@link DirectWrites} are available, bytes are collected in an aligned
 * staging buffer, and every full stage is written to the drive directly (on a {@link DirectWrites#writers()} thread,
 * while the next stage fills: at most one write in flight, so two stages per file). The direct descriptor is opened
 * only when the first stage is full, so a file smaller than a stage is written through the page cache like any other.
 * At {@link #finish}, the aligned part of the last stage is written directly and the few bytes after it through the
 * page cache; the flush of the file then makes all of it durable (fdatasync acts on the file, whichever descriptor
 * wrote its bytes).
 */
public final class TempSink {
    private final Path path;
    private final DirectWrites direct;
    private FileChannel channel;
    private long size;
    /** The stage being filled; null when every write goes through the page cache. */
    private ByteBuffer stage;
    /** The stage whose write is in flight (or done and not yet reused); null before the first direct write. */
    private ByteBuffer spare;
    private Future<?> inFlight;
    /** Open once the first full stage is written. */
    private FileChannel directChannel;
    /** File offset of the first byte in {@link #stage}. */
    private long stageOffset;

    public TempSink(Layout layout, String suffix) {
        this(layout, suffix, DirectWrites.OFF);
    }

    public TempSink(Layout layout, String suffix, DirectWrites direct) {
        this.path = layout.newTempFile(suffix);
        this.direct = direct;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw FsUtil.io("cannot create temp file", e);
        }
        if (direct.isAvailable()) {
            stage = direct.takeStage();
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
                if (stage == null) { // through the page cache
                    size += channel.write(src);
                    continue;
                }
                int n = Math.min(src.remaining(), stage.remaining());
                stage.put(stage.position(), src, src.position(), n);
                stage.position(stage.position() + n);
                src.position(src.position() + n);
                size += n;
                if (!stage.hasRemaining()) {
                    submitFullStage();
                }
            }
        } catch (IOException e) {
            discard();
            throw FsUtil.io("write failed", e);
        }
    }

    /** Hands the full stage to a writer thread and continues in the other one. */
    private void submitFullStage() throws IOException {
        awaitInFlight();
        if (directChannel == null) {
            try {
                directChannel = direct.openForDirectWrites(path);
            } catch (IOException | UnsupportedOperationException e) {
                direct.failed(path, e instanceof IOException io ? io : new IOException(e));
                switchToPageCache();
                return;
            }
        }
        ByteBuffer full = stage.flip();
        long offset = stageOffset;
        FileChannel directCh = directChannel;
        FileChannel cachedCh = channel;
        inFlight = direct.writers().submit(() -> {
            writeStage(directCh, cachedCh, full, offset);
            return null;
        });
        stageOffset += full.limit();
        stage = spare != null ? spare.clear().limit(DirectWrites.STAGE_SIZE) : direct.takeStage();
        spare = full;
    }

    /** Writes the staged bytes through the page cache, and every later byte too (no stage write is in flight). */
    private void switchToPageCache() throws IOException {
        ByteBuffer pending = stage.flip();
        writeFully(channel, pending, stageOffset);
        channel.position(stageOffset + pending.limit());
        releaseStages();
    }

    /** Writes {@code buf} at {@code offset} directly, or through the page cache if the direct write fails. */
    private void writeStage(FileChannel directCh, FileChannel cachedCh, ByteBuffer buf, long offset)
            throws IOException {
        try {
            writeFully(directCh, buf.duplicate(), offset);
        } catch (ClosedChannelException e) {
            throw e; // discarded meanwhile
        } catch (IOException e) {
            direct.failed(path, e);
            writeFully(cachedCh, buf.duplicate(), offset);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long offset) throws IOException {
        long at = offset;
        while (buf.hasRemaining()) {
            at += ch.write(buf, at);
        }
    }

    /** Waits for the stage write in flight, if any; rethrows its failure. */
    private void awaitInFlight() throws IOException {
        Future<?> f = inFlight;
        if (f == null) return;
        inFlight = null;
        try {
            f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("direct write failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing " + path);
        }
    }

    /** Flushes (through {@code flusher}) and closes the file; it stays in tmp/ until moved or discarded. */
    public void finish(Flusher flusher) {
        if (channel == null) {
            throw new IllegalStateException("writer is finished");
        }
        try {
            if (stage != null) {
                awaitInFlight();
                ByteBuffer rest = stage.flip();
                int aligned = rest.limit() - rest.limit() % DirectWrites.ALIGNMENT;
                if (directChannel != null && aligned > 0) {
                    writeStage(directChannel, channel, rest.duplicate().limit(aligned), stageOffset);
                    rest.position(aligned);
                }
                writeFully(channel, rest, stageOffset + rest.position());
            }
            flusher.file(channel, path);
            closeChannels();
        } catch (IOException e) {
            discard();
            throw FsUtil.io("flush failed", e);
        }
    }

    /** Closes and deletes the file; idempotent. */
    public void discard() {
        try {
            awaitInFlight();
        } catch (IOException ignored) {
            // the file goes anyway
        }
        closeChannels();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // tmp/ is cleared at open
        }
    }

    private void closeChannels() {
        for (FileChannel ch : new FileChannel[] {channel, directChannel}) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        channel = null;
        directChannel = null;
        releaseStages();
    }

    private void releaseStages() {
        for (ByteBuffer b : new ByteBuffer[] {stage, spare}) {
            if (b != null) direct.returnStage(b);
        }
        stage = null;
        spare = null;
    }
}
