package io.granary.s3.handler.bucket;

import io.granary.s3.S3Errors;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.multipart.MultipartHandlers;
import io.granary.s3.http.ResponseBody;
import io.granary.s3.http.S3Response;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.S3Settings;
import io.granary.s3.http.Headers;
import io.granary.s3.http.QueryString;
import io.granary.s3.http.S3Request;
import io.granary.storage.ObjectStore;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Builds a {@link RequestContext} for handler tests, with a fake authenticated payload. */
public final class Ctx {
    private final Operation op;
    private final String bucket;
    private final String key;
    private final Headers headers = new Headers();
    private final Headers trailers = new Headers();
    private String rawQuery = "";
    private byte[] body = new byte[0];
    private ObjectStore store;
    private S3Settings settings = S3Settings.defaults();

    private Ctx(Operation op, String bucket, String key) {
        this.op = op;
        this.bucket = bucket;
        this.key = key;
    }

    public static Ctx of(Operation op, String bucket, String key) {
        return new Ctx(op, bucket, key);
    }

    public Ctx store(ObjectStore s) {
        store = s;
        return this;
    }

    public Ctx query(String raw) {
        rawQuery = raw;
        return this;
    }

    public Ctx header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public Ctx trailer(String name, String value) {
        trailers.add(name, value);
        return this;
    }

    public Ctx body(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public Ctx body(byte[] bytes) {
        body = bytes;
        return this;
    }

    public Ctx settings(S3Settings s) {
        settings = s;
        return this;
    }

    public RequestContext build() {
        String path = "/" + (bucket == null ? "" : bucket) + (key == null ? "" : "/" + key);
        S3Request req = new S3Request(op.method(), path, rawQuery, headers, new ByteArrayInputStream(body),
                body.length, "localhost:9000", "req-1", Instant.now());
        byte[] payload = body;
        AuthenticatedRequest auth = new AuthenticatedRequest() {
            @Override public String accessKey() { return "AKID"; }
            @Override public InputStream payload() { return new ByteArrayInputStream(payload); }
            @Override public long decodedContentLength() { return payload.length; }
            @Override public Headers trailers() { return trailers; }
            @Override public boolean awsChunked() { return false; }
        };
        return new RequestContext(req, op, bucket, key, QueryString.parse(rawQuery), auth, store, settings);
    }

    /** Runs the registered handler of this operation. */
    public S3Response run() throws Exception {
        Map<Operation, Handler> table = new EnumMap<>(Operation.class);
        BucketHandlers.register(table);
        MultipartHandlers.register(table);
        return table.get(op).handle(build());
    }

    /** Runs the handler, expecting a failure; returns it as the S3 error the client would see. */
    public S3Exception fail() {
        try {
            run();
        } catch (Throwable t) {
            return S3Errors.from(t);
        }
        throw new AssertionError("expected " + op + " to fail");
    }

    /** The response body as a string. */
    public static String text(S3Response r) {
        return r.body() instanceof ResponseBody.Bytes b ? new String(b.bytes(), StandardCharsets.UTF_8) : "";
    }
}
