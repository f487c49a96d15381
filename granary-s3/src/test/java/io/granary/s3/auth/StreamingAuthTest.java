package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import static io.granary.s3.auth.Requests.AK;
import static io.granary.s3.auth.Requests.SK;
import static io.granary.s3.auth.Requests.authenticator;
import static io.granary.s3.auth.Requests.errorOf;
import static io.granary.s3.auth.Requests.headers;
import static io.granary.s3.auth.Requests.payloadErrorOf;
import static io.granary.s3.auth.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

/** aws-chunked payloads through {@link SigV4Authenticator} and {@link AuthenticatedRequest#payload()}. */
class StreamingAuthTest {
    static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
    static final String HOST = "127.0.0.1:9000";
    final SigV4Signer signer = new SigV4Signer(AK, SK, "us-east-1");

    static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static String crc32(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        long v = c.getValue();
        return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8),
                (byte) v});
    }

    /** Builds a complete aws-chunked PUT request as an SDK would. */
    S3Request chunkedPut(String mode, byte[] data, int chunkSize, List<Map.Entry<String, String>> trailers,
                         boolean tamper) {
        Headers h = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(NOW), "x-amz-content-sha256", mode,
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", Integer.toString(data.length));
        if (!trailers.isEmpty()) h.add("x-amz-trailer", trailers.getFirst().getKey());
        SigV4Signer.Signed s = signer.sign("PUT", "/bucket/key", List.of(), h, mode, NOW);
        boolean signed = mode.startsWith("STREAMING-AWS4-HMAC");
        byte[] body = signer.chunkedBody(data, chunkSize, signed ? s.signature() : null, s.amzDate(), s.scope(),
                trailers);
        if (tamper) body[body.length / 2] ^= 1;
        h.add("Authorization", s.authorization());
        return request("PUT", s.rawPath(), s.rawQuery(), h, body);
    }

    static byte[] readInSmallPieces(InputStream in, AuthenticatedRequest auth) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[777];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            assertThat(auth.trailers().entries()).isEmpty();
        }
        return out.toByteArray();
    }

    @Test
    void signedPayloadWithSignedTrailer() throws Exception {
        byte[] data = data(200_000);
        AuthenticatedRequest auth = authenticator(NOW).authenticate(chunkedPut(
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", data, 65536,
                List.of(Map.entry("x-amz-checksum-crc32", crc32(data))), false));
        assertThat(auth.awsChunked()).isTrue();
        assertThat(auth.decodedContentLength()).isEqualTo(200_000);
        InputStream in = auth.payload();
        assertThat(readInSmallPieces(in, auth)).isEqualTo(data);
        assertThat(auth.trailers().get("x-amz-checksum-crc32")).isEqualTo(crc32(data));
    }

    @Test
    void signedPayloadWithoutTrailer() throws Exception {
        byte[] data = data(70_000);
        AuthenticatedRequest auth = authenticator(NOW).authenticate(chunkedPut(
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", data, 8192, List.of(), false));
        assertThat(auth.payload().readAllBytes()).isEqualTo(data);
        assertThat(auth.trailers().entries()).isEmpty();
    }

    @Test
    void unsignedPayloadWithTrailer() throws Exception {
        byte[] data = data(100_001);
        AuthenticatedRequest auth = authenticator(NOW).authenticate(chunkedPut(
                "STREAMING-UNSIGNED-PAYLOAD-TRAILER", data, 16384,
                List.of(Map.entry("x-amz-checksum-crc32", crc32(data))), false));
        assertThat(auth.awsChunked()).isTrue();
        assertThat(readInSmallPieces(auth.payload(), auth)).isEqualTo(data);
        assertThat(auth.trailers().get("x-amz-checksum-crc32")).isEqualTo(crc32(data));
    }

    @Test
    void unsignedPayloadDeclaredAsAwsChunked() throws Exception {
        byte[] data = data(5000);
        AuthenticatedRequest auth = authenticator(NOW).authenticate(chunkedPut("UNSIGNED-PAYLOAD", data, 1000,
                List.of(Map.entry("x-amz-checksum-crc32", crc32(data))), false));
        assertThat(auth.awsChunked()).isTrue();
        assertThat(auth.payload().readAllBytes()).isEqualTo(data);
        assertThat(auth.trailers().get("x-amz-checksum-crc32")).isEqualTo(crc32(data));
    }

    @Test
    void tamperedBodies() {
        for (String mode : List.of("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")) {
            byte[] data = data(50_000);
            AuthenticatedRequest auth = authenticator(NOW).authenticate(chunkedPut(mode, data, 10_000,
                    mode.endsWith("TRAILER") ? List.of(Map.entry("x-amz-checksum-crc32", crc32(data))) : List.of(),
                    true));
            assertThat(payloadErrorOf(() -> auth.payload().readAllBytes())).as(mode)
                    .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
            assertThat(auth.trailers().entries()).isEmpty();
        }
    }

    @Test
    void wrongDecodedLengthHeader() {
        byte[] data = data(3000);
        S3Request r = chunkedPut("STREAMING-UNSIGNED-PAYLOAD-TRAILER", data, 1000, List.of(), false);
        Headers h = Requests.copy(r.headers());
        h.set("x-amz-decoded-content-length", "3001");
        S3Request unsignedHeaderChanged = new S3Request(r.method(), r.rawPath(), r.rawQuery(), h, r.body(),
                r.contentLength(), r.host(), "x", r.received());
        // The header is signed, so changing it breaks the request signature ...
        assertThat(errorOf(() -> authenticator(NOW).authenticate(unsignedHeaderChanged)))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        // ... and a client that declares a wrong length gets IncompleteBody.
        Headers h2 = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(NOW),
                "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-decoded-content-length", "3001");
        SigV4Signer.Signed s = signer.sign("PUT", "/b/k", List.of(), h2, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", NOW);
        h2.add("Authorization", s.authorization());
        byte[] body = signer.chunkedBody(data, 1000, null, s.amzDate(), s.scope(), List.of());
        AuthenticatedRequest auth = authenticator(NOW).authenticate(request("PUT", "/b/k", "", h2, body));
        assertThat(payloadErrorOf(() -> auth.payload().readAllBytes())).isEqualTo(S3Error.INCOMPLETE_BODY);
    }

    @Test
    void invalidDecodedLengthHeader() {
        Headers h = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(NOW),
                "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-decoded-content-length", "-5");
        h.add("Authorization", signer.sign("PUT", "/b/k", List.of(), h, "STREAMING-UNSIGNED-PAYLOAD-TRAILER", NOW)
                .authorization());
        assertThat(errorOf(() -> authenticator(NOW).authenticate(request("PUT", "/b/k", "", h, new byte[0]))))
                .isEqualTo(S3Error.INVALID_ARGUMENT);
    }

    @Test
    void truncatedChunkedBody() {
        byte[] data = data(30_000);
        S3Request r = chunkedPut("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", data, 8192, List.of(), false);
        byte[] full = ((ByteArrayInputStream) r.body()).readAllBytes();
        S3Request cut = new S3Request(r.method(), r.rawPath(), r.rawQuery(), r.headers(),
                new ByteArrayInputStream(full, 0, full.length - 200), full.length, r.host(), "x", r.received());
        AuthenticatedRequest auth = authenticator(NOW).authenticate(cut);
        assertThat(payloadErrorOf(() -> auth.payload().readAllBytes())).isEqualTo(S3Error.INCOMPLETE_BODY);
    }

    @Test
    void awsChunkedContentEncodingAloneMarksTheRequest() {
        Headers h = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(NOW),
                "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256, "Content-Encoding", "gzip, aws-chunked");
        h.add("Authorization", signer.sign("PUT", "/b/k", List.of(), h, SigV4Signer.EMPTY_SHA256, NOW)
                .authorization());
        assertThat(authenticator(NOW).authenticate(request("PUT", "/b/k", "", h, new byte[0])).awsChunked()).isTrue();
    }

    @Test
    void anonymousUnsignedTrailer() throws Exception {
        byte[] data = data(4000);
        SigV4Signer.Signed s = signer.sign("PUT", "/b/k", List.of(), headers("Host", HOST), "x", NOW);
        byte[] body = signer.chunkedBody(data, 1024, null, s.amzDate(), s.scope(),
                List.of(Map.entry("x-amz-checksum-crc32", crc32(data))));
        Headers h = headers("Host", HOST, "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "4000");
        AuthenticatedRequest auth = authenticator(NOW).authenticate(request("PUT", "/b/k", "", h, body));
        assertThat(auth.accessKey()).isNull();
        assertThat(auth.awsChunked()).isTrue();
        assertThat(auth.payload().readAllBytes()).isEqualTo(data);
        assertThat(auth.trailers().get("x-amz-checksum-crc32")).isEqualTo(crc32(data));
    }

    @Test
    void concurrentAuthentications() throws Exception {
        SigV4Authenticator a = authenticator(NOW);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    SigV4Signer s = new SigV4Signer(AK, SK, "region-" + (n % 80));
                    byte[] data = data(1000 + n);
                    Headers h = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(NOW),
                            "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                            "x-amz-decoded-content-length", Integer.toString(data.length));
                    SigV4Signer.Signed signed = s.sign("PUT", "/b/k" + n, List.of(), h,
                            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", NOW);
                    h.add("Authorization", signed.authorization());
                    byte[] body = s.chunkedBody(data, 256, signed.signature(), signed.amzDate(), signed.scope(),
                            List.of());
                    byte[] read = a.authenticate(request("PUT", "/b/k" + n, "", h, body)).payload().readAllBytes();
                    assertThat(read).isEqualTo(data);
                    return read;
                }));
            }
            for (var f : results) f.get();
        }
        assertThat(a.cachedKeys()).isLessThanOrEqualTo(64);
    }
}
