package io.granary.server.internal;

import io.granary.s3.BodyTruncatedException;
import io.granary.s3.S3Error;
import io.granary.s3.S3PayloadException;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;
import io.granary.s3.http.S3Response;
import io.granary.s3.internal.ErrorResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * One HTTP/1.1 connection: turns Netty's decoded request into an {@link S3Request}, runs the {@link RequestService}
 * (the S3 front, or the admin API) on a virtual thread, and writes the response with {@link ResponseWriter}.
 *
 * <p>Reads on the event loop: a request without a body that the service says {@linkplain RequestService#neverWaits
 * never waits} (a GET or HEAD of an S3 path when the storage engine answers reads from memory and at most opens a
 * local file, like nginx serving static files) is served on the connection's event loop once its last (empty)
 * content arrived, saving the hand-off to a virtual thread and back. Everything else runs on a virtual thread; a response whose body is produced while
 * it is sent (a {@code ResponseBody.Stream}) is written from one.
 *
 * <p>Implementation notes: requests on a connection are served one at a time. After a request's last body chunk
 * the connection stops reading from the socket until the response is written, and messages of a pipelined next
 * request that were already decoded wait in {@link #pending}. A response sent before its request body was complete
 * (an early error) drains the rest of the body when the client is sending it anyway, or closes the connection when
 * the client waits for {@code 100 Continue}. Failures Netty's decoder reports (bad request line, oversized header)
 * answer 400 with an S3 XML error and close the connection.
 */
final class S3ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(S3ConnectionHandler.class);
    private static final long DRAIN_LIMIT = 64L << 20;
    /** A request whose body or header section stalls this long is answered RequestTimeout (S3 uses about 20 s). */
    static final int READ_IDLE_SECONDS = 20;
    /** An idle keep-alive connection is closed after this many quiet read periods (2 minutes). */
    private static final int IDLE_PERIODS_BEFORE_CLOSE = 6;
    private int idlePeriods;
    private boolean headPending;
    private boolean inputShutdown;

    private final RequestService service;
    private final ExecutorService workers;
    private final InFlight inFlight;
    private final ResponseWriter writer;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    /** A bodyless read to serve on the event loop as soon as its last content is dispatched. */
    private Runnable serveWhenComplete;
    private ChannelHandlerContext ctx;
    private RequestBody body;
    private boolean busy;
    private boolean pausedForBackpressure;
    private boolean pausedForResponse;

    S3ConnectionHandler(RequestService service, ExecutorService workers, InFlight inFlight, ResponseWriter writer) {
        this.service = service;
        this.workers = workers;
        this.inFlight = inFlight;
        this.writer = writer;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        idlePeriods = 0;
        if (busy && msg instanceof HttpRequest || !pending.isEmpty()) {
            pending.add(msg);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest request) {
            try {
                startRequest(request);
            } finally {
                if (!(msg instanceof HttpContent)) ReferenceCountUtil.release(msg);
            }
        }
        if (msg instanceof HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            if (content.decoderResult().isFailure()) {
                // Broken chunked framing: the body must fail, never end early as if it were complete.
                if (body != null) {
                    body.fail(new BodyTruncatedException("malformed chunked request body: "
                            + content.decoderResult().cause().getMessage()));
                }
                content.release();
                return;
            }
            if (body != null) {
                body.offer(content.content().retain(), last);
            }
            content.release();
            if (last && busy) {
                setPausedForResponse(true);
            }
            if (last && serveWhenComplete != null) {
                Runnable serve = serveWhenComplete;
                serveWhenComplete = null;
                serve.run();
            }
        } else if (!(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startRequest(HttpRequest request) {
        headPending = false;
        if (request.decoderResult().isFailure()) {
            rejectMalformed(request.decoderResult().cause());
            return;
        }
        String requestId = RequestIds.next();
        if (HealthEndpoints.matches(request)) {
            body = null;
            busy = true;
            writer.write(ctx, request.method().name(), HealthEndpoints.respond(request), requestId,
                    HttpUtil.isKeepAlive(request), null, () -> onResponseDone(true));
            return;
        }
        boolean expectContinue = HttpUtil.is100ContinueExpected(request);
        boolean[] continueSent = new boolean[1];
        RequestBody reqBody = new RequestBody(this::setPausedForBackpressure, expectContinue ? () -> {
            continueSent[0] = true;
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        } : null);
        body = reqBody;
        busy = true;
        S3Request s3 = toS3Request(request, reqBody, requestId);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String method = request.method().name();
        inFlight.begin();
        if (hasNoBody(request, s3) && service.neverWaits(s3)) {
            serveWhenComplete = () -> serve(s3, reqBody, method, keepAlive, expectContinue, continueSent);
            return;
        }
        try {
            workers.execute(() -> serve(s3, reqBody, method, keepAlive, expectContinue, continueSent));
        } catch (RuntimeException rejected) { // executor shut down: the server is stopping
            inFlight.end();
            ctx.close();
        }
    }

    /** A request with no body at all: no Content-Length above 0, not chunked, not waiting for 100 Continue. */
    private static boolean hasNoBody(HttpRequest request, S3Request s3) {
        return s3.contentLength() <= 0 && !HttpUtil.isTransferEncodingChunked(request)
                && !HttpUtil.is100ContinueExpected(request);
    }

    private void serve(S3Request request, RequestBody reqBody, String method, boolean keepAlive,
                       boolean expectContinue, boolean[] continueSent) {
        S3Response response;
        try {
            response = service.handle(request);
        } catch (Throwable t) {
            log.error("unexpected failure serving {} {}", method, request.rawPath(), t);
            response = ErrorResponses.render(new S3Exception(S3Error.INTERNAL_ERROR), request, null);
        }
        boolean keep = keepAlive;
        if (!reqBody.fullyReceived()) {
            keep = keep && !(expectContinue && !continueSent[0]) && reqBody.skipRemaining(DRAIN_LIMIT);
        }
        if (response.body() instanceof io.granary.s3.http.ResponseBody.Stream && ctx.executor().inEventLoop()) {
            S3Response streamed = response; // produced while sent: written from a thread that may block
            boolean keepStreamed = keep;
            try {
                workers.execute(() -> write(request, method, streamed, keepStreamed));
            } catch (RuntimeException rejected) { // the server is stopping
                closeQuietly(streamed);
                inFlight.end();
                ctx.close();
            }
            return;
        }
        write(request, method, response, keep);
    }

    private void write(S3Request request, String method, S3Response response, boolean keepFinal) {
        try {
            writer.write(ctx, method, response, request.requestId(), keepFinal, inFlight,
                    () -> onResponseDone(keepFinal)); // listeners run on the event loop
        } catch (RuntimeException invalid) { // e.g. a header value Netty refuses: answer, never hang
            log.error("response to {} {} could not be written", method, request.rawPath(), invalid);
            closeQuietly(response);
            S3Response fallback = ErrorResponses.render(new S3Exception(S3Error.INTERNAL_ERROR), request, null);
            writer.write(ctx, method, fallback, request.requestId(), false, inFlight,
                    () -> onResponseDone(false));
        }
    }

    private static void closeQuietly(S3Response response) {
        AutoCloseable owner = response.body() instanceof io.granary.s3.http.ResponseBody.FileSegments fs ? fs.owner()
                : response.body() instanceof io.granary.s3.http.ResponseBody.Stream st ? st.owner() : null;
        if (owner != null) {
            try {
                owner.close();
            } catch (Exception ignored) {
                // best effort: the reader is being abandoned
            }
        }
    }

    /** Runs on the event loop once a response is fully written (or failed). */
    private void onResponseDone(boolean keepAlive) {
        if (body != null) {
            body.discard();
            body = null;
        }
        busy = false;
        if (!keepAlive || inputShutdown || !ctx.channel().isActive()) {
            if (inputShutdown) ctx.close();
            releasePending();
            return;
        }
        setPausedForResponse(false);
        drainPending();
    }

    /**
     * Replays messages that arrived while a response was in progress: everything up to the next request that cannot
     * start yet. The body chunks of a request that just started must go through at once, or its handler would wait
     * for a body that sits here.
     */
    private void drainPending() {
        while (!pending.isEmpty()) {
            if (busy && pending.peek() instanceof HttpRequest) return;
            dispatch(pending.poll());
        }
    }

    private void rejectMalformed(Throwable cause) {
        S3Error error = cause instanceof TooLongHttpHeaderException
                ? S3Error.REQUEST_HEADER_SECTION_TOO_LARGE
                : S3Error.BAD_REQUEST;
        String message = cause instanceof TooLongFrameException && error == S3Error.BAD_REQUEST
                ? "The request line is too long." : error.defaultMessage();
        S3Exception e = new S3Exception(error, message);
        String requestId = RequestIds.next();
        S3Response response = S3Response.xml(error.httpStatus(), ErrorResponses.document(e, "/", requestId, null));
        busy = true;
        body = null;
        writer.write(ctx, "GET", response, requestId, false, null, () -> {});
    }

    private static S3Request toS3Request(HttpRequest request, RequestBody reqBody, String requestId) {
        Headers headers = new Headers();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.add(h.getKey(), h.getValue());
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? "" : uri.substring(q + 1);
        if (rawPath.startsWith("http://") || rawPath.startsWith("https://")) { // absolute-form request target
            int slash = rawPath.indexOf('/', rawPath.indexOf("//") + 2);
            rawPath = slash < 0 ? "/" : rawPath.substring(slash);
        }
        long contentLength = HttpUtil.getContentLength(request, -1L);
        return new S3Request(request.method().name(), rawPath, rawQuery, headers, reqBody, contentLength,
                request.headers().get(HttpHeaderNames.HOST), requestId, Instant.now());
    }

    private void setPausedForBackpressure(boolean pause) {
        ctx.executor().execute(() -> {
            pausedForBackpressure = pause;
            applyAutoRead();
        });
    }

    private void setPausedForResponse(boolean pause) {
        pausedForResponse = pause;
        applyAutoRead();
    }

    private void applyAutoRead() {
        boolean read = !pausedForBackpressure && !pausedForResponse;
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    /**
     * Read-idle periods: a body that stalls fails with RequestTimeout (the handler answers it and the connection
     * closes); a connection with no request in progress is closed after a few quiet periods, which also ends
     * header sections that never complete. A request being processed or a response being sent is left alone.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) { // the client half-closed: answer what is in progress
            inputShutdown = true;
            if (busy && body != null && !body.fullyReceived()) {
                body.fail(new BodyTruncatedException("the client closed its side before the body was complete"));
            } else if (!busy) {
                ctx.close();
            }
            return;
        }
        if (!(event instanceof IdleStateEvent idle) || idle.state() != IdleState.READER_IDLE) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (busy && body != null && !body.fullyReceived()) {
            body.fail(new S3PayloadException(S3Error.REQUEST_TIMEOUT, S3Error.REQUEST_TIMEOUT.defaultMessage()));
        } else if (!busy && ++idlePeriods >= IDLE_PERIODS_BEFORE_CLOSE) {
            ctx.close();
        } else if (!busy && headPending) {
            ctx.close(); // a header section that stalled
        }
    }

    /**
     * A handler for just before the HTTP decoder: it notes that bytes of a new request head arrived, so that a
     * header section that stalls can be told from an idle keep-alive connection.
     */
    io.netty.channel.ChannelInboundHandler headWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext c, Object msg) {
                if (!busy) headPending = true;
                c.fireChannelRead(msg);
            }
        };
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) {
            body.fail(new BodyTruncatedException("connection closed before the body was complete"));
        }
        releasePending();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (body != null) {
            body.fail(new BodyTruncatedException("connection failed: " + cause.getMessage()));
        }
        if (!(cause instanceof IOException)) {
            log.debug("connection error", cause);
        }
        ctx.close();
    }

    private void releasePending() {
        Object m;
        while ((m = pending.poll()) != null) ReferenceCountUtil.release(m);
    }
}
