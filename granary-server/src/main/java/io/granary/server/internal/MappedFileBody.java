package io.granary.server.internal;

import io.granary.storage.ObjectReader;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends the file segments of a response body as memory-mapped chunks of at most {@link #CHUNK} bytes, then the
 * last HTTP content, and reports once whether everything was written. At most {@link #IN_FLIGHT} chunks are mapped
 * at a time, so a body of any size costs a bounded amount of address space and no heap or buffer-pool memory; a
 * chunk is unmapped as soon as its write completes (or fails). Used where {@link FileBodies#MAPPED_CHUNKS} is the
 * server's choice.
 *
 * <p>Thread model: everything runs on the channel's event loop ({@link #start} must be called there; write
 * listeners run there too), so each chunk's mapping lives in a confined arena, closed by the thread that opened it.
 *
 * <p>Implementation notes: a chunk is a read-only mapping made with {@link FileChannel#map(FileChannel.MapMode,
 * long, long, Arena)}, wrapped (not copied) as a Netty buffer; the transport hands its address to the kernel, which
 * copies from the page cache into the socket. Java code never reads the mapping, so a file shortened behind the
 * server's back makes the kernel's copy fail (the write fails, the connection closes) instead of faulting the JVM.
 * Object files are never shortened by Granary itself: they are written whole and replaced by rename.
 */
final class MappedFileBody {
    private static final Logger log = LoggerFactory.getLogger(MappedFileBody.class);
    /** Largest mapped chunk: large enough that mapping costs nothing next to the copy, small enough to bound memory. */
    static final long CHUNK = 4L << 20;
    /** Chunks written but not yet completed: one being copied by the kernel while the next is queued. */
    static final int IN_FLIGHT = 2;

    private final ChannelHandlerContext ctx;
    private final List<ObjectReader.Segment> segments;
    private final long chunk;
    private final Consumer<Boolean> done;
    private int segment;
    private long offset;
    private int inFlight;
    private boolean ended;
    private boolean pumping;

    private MappedFileBody(ChannelHandlerContext ctx, List<ObjectReader.Segment> segments, long chunk,
                           Consumer<Boolean> done) {
        this.ctx = ctx;
        this.segments = segments;
        this.chunk = chunk;
        this.done = done;
    }

    /**
     * Writes {@code segments} after whatever was already written on {@code ctx} (the response head), then the last
     * content; {@code done} gets true once the last content is written, or false once (on the event loop) after the
     * first failure, when the connection must be closed.
     */
    static void start(ChannelHandlerContext ctx, List<ObjectReader.Segment> segments, Consumer<Boolean> done) {
        start(ctx, segments, CHUNK, done);
    }

    /** As {@link #start(ChannelHandlerContext, List, Consumer)} with a chunk size of {@code chunk} bytes (tests). */
    static void start(ChannelHandlerContext ctx, List<ObjectReader.Segment> segments, long chunk,
                      Consumer<Boolean> done) {
        if (!ctx.executor().inEventLoop()) throw new IllegalStateException("must start on the channel's event loop");
        if (chunk <= 0) throw new IllegalArgumentException("chunk must be positive: " + chunk);
        new MappedFileBody(ctx, segments, chunk, done).pump();
    }

    /**
     * Writes chunks until {@link #IN_FLIGHT} are outstanding, then the last content once every chunk is written.
     * Called again by each completed write; a write that completes at once (a closed channel, a test channel) calls
     * in while the loop runs, which the flag turns into another turn of the loop instead of a deeper stack.
     */
    private void pump() {
        if (pumping) return;
        pumping = true;
        try {
            while (!ended && inFlight < IN_FLIGHT && hasMore()) {
                writeChunk();
            }
            if (!ended && !hasMore() && inFlight == 0) {
                ended = true;
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                        .addListener((ChannelFutureListener) f -> done.accept(f.isSuccess()));
            }
        } finally {
            pumping = false;
        }
    }

    private boolean hasMore() {
        while (segment < segments.size() && offset == segments.get(segment).length()) {
            segment++;
            offset = 0;
        }
        return segment < segments.size();
    }

    private void writeChunk() {
        ObjectReader.Segment s = segments.get(segment);
        long position = s.position() + offset;
        long length = Math.min(chunk, s.length() - offset);
        Arena arena = Arena.ofConfined();
        MemorySegment mapped;
        try {
            // A mapping past the end of the file would fault on access: report a shortened file as a failure.
            if (position + length > s.channel().size()) throw new IOException("object file is shorter than its record");
            mapped = s.channel().map(FileChannel.MapMode.READ_ONLY, position, length, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            log.warn("mapping an object file failed; closing the connection: {}", e.toString());
            fail();
            return;
        }
        offset += length;
        inFlight++;
        ChannelFuture written = ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(mapped.asByteBuffer())));
        written.addListener((ChannelFutureListener) f -> {
            inFlight--;
            arena.close();
            if (f.isSuccess()) {
                pump();
            } else {
                fail();
            }
        });
    }

    private void fail() {
        if (ended) return;
        ended = true;
        done.accept(false);
    }
}
