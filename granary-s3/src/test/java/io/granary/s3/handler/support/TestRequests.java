package io.granary.s3.handler.support;

import io.granary.s3.auth.AuthenticatedRequest;
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

/** Builds {@link RequestContext}s for handler and helper tests, with a fake authenticated payload. */
public final class TestRequests {
    private final String method;
    private final String bucket;
    private final String key;
    private final Headers headers = new Headers();
    private final Headers trailers = new Headers();
    private String rawQuery = "";
    private InputStream body = InputStream.nullInputStream();
    private long contentLength = 0;
    private long decodedLength = Long.MIN_VALUE;
    private boolean awsChunked;
    private ObjectStore store;

    private TestRequests(String method, String bucket, String key) {
        this.method = method;
        this.bucket = bucket;
        this.key = key;
    }

    public static TestRequests request(String method, String bucket, String key) {
        return new TestRequests(method, bucket, key);
    }

    public TestRequests header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public TestRequests trailer(String name, String value) {
        trailers.add(name, value);
        return this;
    }

    public TestRequests query(String raw) {
        rawQuery = raw;
        return this;
    }

    public TestRequests body(byte[] bytes) {
        body = new ByteArrayInputStream(bytes);
        contentLength = bytes.length;
        return this;
    }

    public TestRequests body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A body stream with an explicit transport length (-1 for none). */
    public TestRequests body(InputStream in, long length) {
        body = in;
        contentLength = length;
        return this;
    }

    public TestRequests decodedLength(long n) {
        decodedLength = n;
        return this;
    }

    public TestRequests awsChunked() {
        awsChunked = true;
        return this;
    }

    public TestRequests store(ObjectStore s) {
        store = s;
        return this;
    }

    public RequestContext build() {
        S3Request req = new S3Request(method, "/" + bucket + "/" + key, rawQuery, headers, body, contentLength,
                "localhost", "req-1", Instant.now());
        long decoded = decodedLength != Long.MIN_VALUE ? decodedLength : contentLength;
        InputStream payload = body;
        boolean chunked = awsChunked;
        AuthenticatedRequest auth = new AuthenticatedRequest() {
            @Override public String accessKey() { return "AKID"; }
            @Override public InputStream payload() { return payload; }
            @Override public long decodedContentLength() { return decoded; }
            @Override public Headers trailers() { return trailers; }
            @Override public boolean awsChunked() { return chunked; }
        };
        return new RequestContext(req, Operation.PUT_OBJECT, bucket, key, QueryString.parse(rawQuery), auth, store,
                S3Settings.defaults());
    }
}
