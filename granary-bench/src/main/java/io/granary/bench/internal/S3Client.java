package io.granary.bench.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A per-thread S3 client over one {@link HttpConnection}: builds the request head into a reused direct buffer and
 * signs it with SigV4 (path-style addressing, headers host;x-amz-content-sha256;x-amz-date). Not thread-safe.
 */
public final class S3Client implements AutoCloseable {
    private static final String[] SIGNED = {"host", "x-amz-content-sha256", "x-amz-date"};

    private final String host;
    private final String scheme;
    private final SigV4 signer;
    private final HttpConnection conn;
    private final InetSocketAddress address;
    private final String[] values = new String[3];
    private final AsciiSink head = new AsciiSink(1024);
    private final AsciiSink query = new AsciiSink(256);
    private ByteBuffer headBuf = ByteBuffer.allocateDirect(2048);
    private long dateSecond = Long.MIN_VALUE;
    private String amzDate;

    public S3Client(URI endpoint, String accessKey, String secretKey, String region) {
        if (!"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("only http:// endpoints are supported: " + endpoint);
        }
        int port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
        this.scheme = endpoint.getScheme();
        this.host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + port;
        this.signer = new SigV4(accessKey, secretKey, region, "s3");
        this.address = new InetSocketAddress(endpoint.getHost(), port);
        this.conn = new HttpConnection(address);
    }

    /** The endpoint's socket address. */
    public InetSocketAddress address() {
        return address;
    }

    public HttpConnection connection() {
        return conn;
    }

    private String amzDate() {
        long now = System.currentTimeMillis();
        long sec = now / 1000;
        if (sec != dateSecond) {
            dateSecond = sec;
            amzDate = SigV4.amzDate(Instant.ofEpochSecond(sec));
        }
        return amzDate;
    }

    /**
     * Sends one request. {@code path} is the encoded path (/bucket or /bucket/key); {@code canonicalQuery} the sorted
     * encoded query or ""; {@code body} null or a buffer positioned at the bytes to send (consumed).
     */
    public int send(String method, String path, CharSequence canonicalQuery, ByteBuffer body, String payloadHash,
                    boolean wantBody) throws IOException {
        ByteBuffer h = head(method, path, canonicalQuery, body, payloadHash);
        return conn.exchange(h, body, method.equals("HEAD"), wantBody);
    }

    /**
     * Builds and signs the request head into a reused direct buffer (valid until the next call), for a caller that
     * does its own I/O.
     */
    public ByteBuffer head(String method, String path, CharSequence canonicalQuery, ByteBuffer body,
                           String payloadHash) {
        String date = amzDate();
        String hash = payloadHash != null ? payloadHash : SigV4.EMPTY_SHA256;
        values[0] = host;
        values[1] = hash;
        values[2] = date;
        AsciiSink sig = signer.signatureInto(method, path, canonicalQuery, SIGNED, values, 3, hash, date);
        AsciiSink h = head.reset();
        h.append(method).append(' ').append(path);
        if (!canonicalQuery.isEmpty()) h.append('?').append(canonicalQuery);
        h.append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nx-amz-content-sha256: ").append(hash)
                .append("\r\nx-amz-date: ").append(date)
                .append("\r\nAuthorization: AWS4-HMAC-SHA256 Credential=").append(signer.accessKey()).append('/')
                .append(signer.scope()).append(", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=")
                .append(sig.buf, 0, sig.len);
        if (body != null) h.append("\r\nContent-Length: ").append(body.remaining());
        else if (method.equals("PUT") || method.equals("POST")) h.append("\r\nContent-Length: 0");
        h.append("\r\n\r\n");
        if (headBuf.capacity() < h.len) headBuf = ByteBuffer.allocateDirect(h.len * 2);
        headBuf.clear();
        headBuf.put(h.buf, 0, h.len).flip();
        return headBuf;
    }

    /** A reusable builder for the canonical query of the next request. */
    public AsciiSink query() {
        return query.reset();
    }

    public String presignGet(String path, long expiresSeconds) {
        return signer.presign("GET", scheme + "://" + host, host, path, Instant.now(), expiresSeconds);
    }

    @Override
    public void close() {
        conn.close();
    }
}
