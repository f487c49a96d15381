package io.granary.it.support;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SigV4-signed requests (signed by the SDK's own signer, payload signed with its SHA-256) sent over a plain socket,
 * so a test can send what no S3 client would: invalid bucket names, a virtual-host Host header, a body that does
 * not match its signed hash, a stale date.
 */
public final class SignedHttp {

    private final GranaryServerExtension granary;
    private String host;
    private Clock clock = Clock.systemUTC();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private byte[] sentBodyOverride;
    private int truncateAfter = -1;

    public SignedHttp(GranaryServerExtension granary) {
        this.granary = granary;
        this.host = "127.0.0.1";
    }

    /** Host name to sign and send (the socket still goes to 127.0.0.1). */
    public SignedHttp host(String h) {
        this.host = h;
        return this;
    }

    public SignedHttp clock(Clock c) {
        this.clock = c;
        return this;
    }

    public SignedHttp header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A query parameter (unencoded; the signer and the request line encode it). Empty value: "?acl" style. */
    public SignedHttp query(String name, String value) {
        query.put(name, value);
        return this;
    }

    /** Send this body instead of the one that was signed (same or different length). */
    public SignedHttp sendInstead(byte[] other) {
        this.sentBodyOverride = other;
        return this;
    }

    /**
     * Send only the first {@code n} body bytes, then half-close the connection (as a client that died mid-upload
     * would). {@link #send} then returns the server's response, or null if it just closed the connection.
     */
    public SignedHttp truncateAfter(int n) {
        this.truncateAfter = n;
        return this;
    }

    /** Signs and sends; {@code encodedPath} must already be URI-encoded ("/bucket/my%20key"). */
    public RawHttp.Response send(String method, String encodedPath, byte[] body) throws IOException {
        SdkHttpRequest.Builder rb = SdkHttpRequest.builder()
                .protocol("http").host(host).port(granary.port())
                .method(SdkHttpMethod.fromValue(method))
                .encodedPath(encodedPath);
        query.forEach((k, v) -> rb.putRawQueryParameter(k, v));
        headers.forEach(rb::putHeader);
        if (body.length > 0 || method.equals("PUT") || method.equals("POST")) {
            rb.putHeader("Content-Length", Integer.toString(body.length));
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(GranaryServerExtension.USER, GranaryServerExtension.PASSWORD))
                .request(rb.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        SdkHttpRequest req = signed.request();
        String qs = SdkHttpUtils.encodeAndFlattenQueryParameters(req.rawQueryParameters()).map(q -> "?" + q)
                .orElse("");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method).append(' ').append(req.encodedPath()).append(qs)
                .append(" HTTP/1.1\r\n");
        req.forEachHeader((name, values) -> {
            for (String v : values) {
                head.append(name).append(": ").append(v).append("\r\n");
            }
        });
        if (!req.firstMatchingHeader("Host").isPresent()) {
            head.append("Host: ").append(host).append(':').append(granary.port()).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        byte[] wire = sentBodyOverride != null ? sentBodyOverride : body;
        if (truncateAfter >= 0) {
            wire = java.util.Arrays.copyOf(wire, Math.min(truncateAfter, wire.length));
        }
        out.writeBytes(wire);
        try (RawHttp c = new RawHttp("127.0.0.1", granary.port())) {
            c.send(out.toByteArray());
            if (truncateAfter >= 0) {
                c.shutdownOutput();
                try {
                    return c.read(method.equals("HEAD"));
                } catch (IOException closed) {
                    return null;
                }
            }
            return c.read(method.equals("HEAD"));
        }
    }

    public RawHttp.Response send(String method, String encodedPath) throws IOException {
        return send(method, encodedPath, new byte[0]);
    }

}
