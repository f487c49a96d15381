package io.granary.server.internal;

import io.granary.s3.http.ResponseBody;
import io.granary.s3.http.S3Response;
import io.granary.s3.internal.HostIds;
import io.granary.storage.ObjectReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link S3Response} to a connection: the common S3 headers, then the body. Small file bodies (up to
 * {@link #SMALL_BODY}) are read into one buffer and sent with the head; larger ones go out as the server's
 * {@link FileBodies} choice says: {@link DefaultFileRegion}s (zero-copy {@code sendfile} where the transport has
 * it) or {@link MappedFileBody mapped chunks} (io_uring). The reader that owns the files is closed when the last
 * byte is written or the write fails (at once for a small body that was read).
 */
final class ResponseWriter {
    private static final Logger log = LoggerFactory.getLogger(ResponseWriter.class);
    /**
     * A body up to this size is small: a file body is read into one buffer and sent with the head in one write, a
     * streamed body is read into a heap buffer.
     */
    static final int SMALL_BODY = 64 * 1024;

    /** Largest buffer a streamed body is sent in: one erasure block (all its data chunks fit). */
    private static final int STREAM_CHUNK = 1 << 20;

    private final FileBodies fileBodies;

    /** A writer that sends file bodies larger than {@link #SMALL_BODY} the way {@code fileBodies} says. */
    ResponseWriter(FileBodies fileBodies) {
        this.fileBodies = fileBodies;
    }

    void write(ChannelHandlerContext ctx, String method, S3Response response, String requestId,
                      boolean keepAlive, InFlight inFlight, Runnable done) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(response.status());
        ResponseBody body = response.body();
        boolean head = "HEAD".equals(method);
        boolean noBody = head || response.status() == 304 || response.status() == 204;
        ByteBuf small = !noBody && body instanceof ResponseBody.FileSegments fs && fs.length() <= SMALL_BODY
                ? readSmall(ctx, fs) : null;
        HttpResponse httpResponse = small != null
                ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, small)
                : body instanceof ResponseBody.Bytes bytes && !noBody
                ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes.bytes()))
                : (body instanceof ResponseBody.FileSegments || body instanceof ResponseBody.Stream) && !noBody
                ? new DefaultHttpResponse(HttpVersion.HTTP_1_1, status)
                : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        HttpHeaders h = httpResponse.headers();
        for (Map.Entry<String, String> e : response.headers().entries()) {
            h.add(e.getKey(), e.getValue());
        }
        h.set("x-amz-request-id", requestId);
        h.set("x-amz-id-2", HostIds.forRequest(requestId));
        h.set(HttpHeaderNames.DATE, HttpDate.now());
        h.set(HttpHeaderNames.SERVER, "Granary");
        if (response.status() == 204 || response.status() == 304) {
            h.remove(HttpHeaderNames.CONTENT_LENGTH);
        } else if (!h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            h.set(HttpHeaderNames.CONTENT_LENGTH, head ? 0 : body.length());
        }
        h.set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);

        AutoCloseable owner = body instanceof ResponseBody.FileSegments fs ? fs.owner()
                : body instanceof ResponseBody.Stream st ? st.owner() : null;
        if (httpResponse instanceof DefaultFullHttpResponse) {
            closeQuietly(owner);
            owner = null;
        }
        AutoCloseable toClose = owner;
        if (body instanceof ResponseBody.Stream stream && !(httpResponse instanceof DefaultFullHttpResponse)) {
            writeStream(ctx, httpResponse, stream, toClose, keepAlive, inFlight, done);
            return;
        }
        // One task on the event loop for the whole response: writes from another thread would each wake it.
        Runnable send = () -> {
            ChannelFuture last;
            if (httpResponse instanceof DefaultFullHttpResponse) {
                last = ctx.writeAndFlush(httpResponse);
            } else {
                ctx.write(httpResponse);
                List<ObjectReader.Segment> segments = ((ResponseBody.FileSegments) body).segments();
                if (fileBodies == FileBodies.MAPPED_CHUNKS) {
                    MappedFileBody.start(ctx, segments, sent -> {
                        closeQuietly(toClose);
                        if (inFlight != null) inFlight.end();
                        if (!sent || !keepAlive) ctx.channel().close();
                        done.run();
                    });
                    return;
                }
                for (ObjectReader.Segment s : segments) {
                    ctx.write(new SegmentRegion(s));
                }
                last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            last.addListener((ChannelFutureListener) f -> {
                closeQuietly(toClose);
                if (inFlight != null) inFlight.end();
                if (!f.isSuccess() || !keepAlive) {
                    f.channel().close();
                }
                done.run();
            });
        };
        if (ctx.executor().inEventLoop()) {
            send.run();
        } else {
            ctx.executor().execute(send);
        }
    }

    /**
     * Sends a produced body from the calling (request) thread, in buffers of up to {@value #STREAM_CHUNK} bytes from
     * the channel's allocator. A source that is also a {@link ReadableByteChannel} (the erasure engine's reader) fills
     * them itself, so verified shard bytes go from the drive to the socket without an intermediate copy. A body that
     * fits in one buffer goes out with its head as one message (one event-loop task); a longer one keeps at most two
     * buffers queued while the next is read, so memory stays bounded. The first buffer is read before anything is
     * sent; a failure after the head was sent can only close the connection.
     */
    private static void writeStream(ChannelHandlerContext ctx, HttpResponse head, ResponseBody.Stream stream,
                                    AutoCloseable owner, boolean keepAlive, InFlight inFlight, Runnable done) {
        if (ctx.executor().inEventLoop()) {
            throw new IllegalStateException("a streamed body must be written from the request's thread");
        }
        boolean ok = false;
        boolean whole = false;
        try (InputStream in = stream.in()) {
            long left = stream.length();
            ByteBuf first = fill(ctx, in, (int) Math.min(left, STREAM_CHUNK));
            left -= first.readableBytes();
            if (left == 0) {
                whole = true;
                ctx.writeAndFlush(new DefaultFullHttpResponse(head.protocolVersion(), head.status(), first,
                        head.headers(), EmptyHttpHeaders.INSTANCE)).addListener(finish(owner, true, keepAlive,
                        inFlight, done));
                return;
            }
            ctx.write(head);
            ChannelFuture previous = ctx.writeAndFlush(new DefaultHttpContent(first));
            while (left > 0) {
                ByteBuf next = fill(ctx, in, (int) Math.min(left, STREAM_CHUNK));
                left -= next.readableBytes();
                ChannelFuture f = ctx.writeAndFlush(new DefaultHttpContent(next));
                if (!ctx.channel().isWritable()) previous.syncUninterruptibly();
                if (!ctx.channel().isActive()) throw new java.io.IOException("the client went away");
                previous = f;
            }
            ok = true;
        } catch (Exception e) {
            log.warn("streaming a response body failed; closing the connection: {}", e.toString());
        }
        if (whole) {
            return;
        }
        boolean sent = ok;
        ChannelFuture last = sent ? ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT) : ctx.close();
        last.addListener(finish(owner, sent, keepAlive, inFlight, done));
    }

    private static ChannelFutureListener finish(AutoCloseable owner, boolean sent, boolean keepAlive,
                                                InFlight inFlight, Runnable done) {
        return f -> {
            closeQuietly(owner);
            if (inFlight != null) inFlight.end();
            if (!sent || !f.isSuccess() || !keepAlive) {
                f.channel().close();
            }
            done.run();
        };
    }

    /**
     * Up to {@code size} next bytes of {@code in} (at least one) in a new I/O buffer, released again if the read fails.
     * A channel is read once: the erasure reader returns whole blocks, so buffers stay aligned to them.
     */
    private static ByteBuf fill(ChannelHandlerContext ctx, InputStream in, int size) throws java.io.IOException {
        // a small body in a plain array: a pooled direct buffer costs more to get on a fresh (virtual) thread
        ByteBuf buf = size <= SMALL_BODY ? Unpooled.buffer(size, size) : ctx.alloc().ioBuffer(size, size);
        boolean ok = false;
        try {
            if (size == 0) {
                ok = true;
                return buf;
            }
            if (in instanceof ReadableByteChannel ch && buf.nioBufferCount() == 1) {
                int n = ch.read(buf.nioBuffer(0, size));
                if (n <= 0) throw new java.io.EOFException("the body ended early");
                buf.writerIndex(n);
            } else {
                while (buf.writerIndex() < size) {
                    if (buf.writeBytes(in, size - buf.writerIndex()) < 0) {
                        throw new java.io.EOFException("the body ended early");
                    }
                }
            }
            ok = true;
            return buf;
        } finally {
            if (!ok) buf.release();
        }
    }

    /**
     * Reads a small file body into one buffer, so head and body leave in a single write: cheaper than a file
     * transfer for a few KiB (which on io_uring is a splice through the kernel's worker threads). Null when the
     * files cannot be read; the file-region path then reports the failure as it would have anyway.
     */
    private static ByteBuf readSmall(ChannelHandlerContext ctx, ResponseBody.FileSegments fs) {
        ByteBuf buf = ctx.alloc().ioBuffer((int) fs.length());
        try {
            for (ObjectReader.Segment s : fs.segments()) {
                long pos = s.position();
                long end = s.position() + s.length();
                while (pos < end) {
                    int n = buf.writeBytes(s.channel(), pos, (int) (end - pos));
                    if (n < 0) throw new java.io.EOFException("object file ended early");
                    pos += n;
                }
            }
            return buf;
        } catch (java.io.IOException e) {
            buf.release();
            log.warn("reading a small object body failed: {}", e.toString());
            return null;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            log.debug("closing a response body failed", e);
        }
    }

    /** A file region over a channel the {@link ObjectReader} owns: releasing it must not close the channel. */
    private static final class SegmentRegion extends DefaultFileRegion {
        SegmentRegion(ObjectReader.Segment s) {
            super(s.channel(), s.position(), s.length());
        }

        @Override
        protected void deallocate() {
            // the ObjectReader closes its channels
        }
    }
}
