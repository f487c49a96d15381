package io.granary.s3.auth;

import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.granary.s3.auth.Requests.AK;
import static io.granary.s3.auth.Requests.SK;
import static io.granary.s3.auth.Requests.T0;
import static io.granary.s3.auth.Requests.authenticator;
import static io.granary.s3.auth.Requests.headers;
import static io.granary.s3.auth.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

/** The examples of the AWS "Signature Version 4 for Amazon S3" documentation. */
class SigV4GoldenVectorsTest {
    static final String CRED = "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request";
    final SigV4Signer signer = new SigV4Signer(AK, SK, "us-east-1");

    static String authz(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 " + CRED + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;
    }

    @Test
    void getObject() throws Exception {
        String sig = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
        Headers h = headers("Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9",
                "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256, "x-amz-date", "20130524T000000Z");
        assertThat(signer.sign("GET", "/test.txt", List.of(), h, SigV4Signer.EMPTY_SHA256, T0).signature())
                .isEqualTo(sig);
        h.add("Authorization", authz("host;range;x-amz-content-sha256;x-amz-date", sig));
        AuthenticatedRequest auth = authenticator(T0).authenticate(request("GET", "/test.txt", "", h, new byte[0]));
        assertThat(auth.accessKey()).isEqualTo(AK);
        assertThat(auth.awsChunked()).isFalse();
        assertThat(auth.payload().readAllBytes()).isEmpty();
    }

    @Test
    void putObject() throws Exception {
        String sig = "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd";
        byte[] body = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
        String hash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072";
        assertThat(SigV4Signer.sha256Hex(body)).isEqualTo(hash);
        Headers h = headers("Host", "examplebucket.s3.amazonaws.com", "Date", "Fri, 24 May 2013 00:00:00 GMT",
                "x-amz-date", "20130524T000000Z", "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", hash);
        assertThat(signer.sign("PUT", "/test$file.text", List.of(), h, hash, T0).signature()).isEqualTo(sig);
        h.add("Authorization",
                authz("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class", sig));
        // The client sent '$' unencoded; the canonical URI has %24.
        AuthenticatedRequest auth = authenticator(T0).authenticate(request("PUT", "/test$file.text", "", h, body));
        assertThat(auth.accessKey()).isEqualTo(AK);
        assertThat(auth.decodedContentLength()).isEqualTo(body.length);
        assertThat(auth.payload().readAllBytes()).isEqualTo(body);
        // ... and the same with '$' encoded by the client.
        Headers h2 = Requests.copy(h);
        assertThat(authenticator(T0).authenticate(request("PUT", "/test%24file.text", "", h2, body)).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void getBucketLifecycle() {
        String sig = "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543";
        Headers h = headers("Host", "examplebucket.s3.amazonaws.com", "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256);
        assertThat(signer.sign("GET", "/", List.of(Map.entry("lifecycle", "")), h, SigV4Signer.EMPTY_SHA256, T0)
                .signature()).isEqualTo(sig);
        h.add("Authorization", authz("host;x-amz-content-sha256;x-amz-date", sig));
        assertThat(authenticator(T0).authenticate(request("GET", "/", "lifecycle", h, new byte[0])).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void listObjects() {
        String sig = "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7";
        Headers h = headers("Host", "examplebucket.s3.amazonaws.com", "x-amz-date", "20130524T000000Z",
                "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256);
        assertThat(signer.sign("GET", "/", List.of(Map.entry("max-keys", "2"), Map.entry("prefix", "J")), h,
                SigV4Signer.EMPTY_SHA256, T0).signature()).isEqualTo(sig);
        h.add("Authorization", authz("host;x-amz-content-sha256;x-amz-date", sig));
        assertThat(authenticator(T0).authenticate(request("GET", "/", "max-keys=2&prefix=J", h, new byte[0]))
                .accessKey()).isEqualTo(AK);
        // Parameter order in the URL does not matter.
        Headers h2 = Requests.copy(h);
        assertThat(authenticator(T0).authenticate(request("GET", "/", "prefix=J&max-keys=2", h2, new byte[0]))
                .accessKey()).isEqualTo(AK);
    }

    @Test
    void presignedUrl() throws Exception {
        String sig = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=" + sig;
        Headers h = headers("Host", "examplebucket.s3.amazonaws.com");
        assertThat(signer.presign("GET", "/test.txt", List.of(), headers("host", "examplebucket.s3.amazonaws.com"),
                T0, 86400, "UNSIGNED-PAYLOAD").signature()).isEqualTo(sig);
        AuthenticatedRequest auth = authenticator(T0.plusSeconds(3600))
                .authenticate(request("GET", "/test.txt", query, h, new byte[0]));
        assertThat(auth.accessKey()).isEqualTo(AK);
        assertThat(auth.payload().readAllBytes()).isEmpty();
    }

    // ---- Streaming (chunked upload) example: 66560 bytes of 'a' in 64 KiB chunks.

    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String[] CHUNK_SIGS = {
            "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"};
    static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
    static final String AMZ_DATE = "20130524T000000Z";

    static byte[] streamingData() {
        byte[] data = new byte[66560];
        Arrays.fill(data, (byte) 'a');
        return data;
    }

    static byte[] streamingBody() {
        byte[] data = streamingData();
        StringBuilder sb = new StringBuilder();
        sb.append("10000;chunk-signature=").append(CHUNK_SIGS[0]).append("\r\n");
        sb.append(new String(data, 0, 65536, StandardCharsets.US_ASCII)).append("\r\n");
        sb.append("400;chunk-signature=").append(CHUNK_SIGS[1]).append("\r\n");
        sb.append(new String(data, 0, 1024, StandardCharsets.US_ASCII)).append("\r\n");
        sb.append("0;chunk-signature=").append(CHUNK_SIGS[2]).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static Headers streamingHeaders() {
        return headers("Host", "s3.amazonaws.com", "x-amz-date", AMZ_DATE,
                "x-amz-storage-class", "REDUCED_REDUNDANCY",
                "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "Content-Encoding", "aws-chunked",
                "x-amz-decoded-content-length", "66560", "Content-Length", "66824");
    }

    static S3Request streamingRequest(byte[] body) {
        Headers h = streamingHeaders();
        h.add("Authorization", authz("content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                + "x-amz-decoded-content-length;x-amz-storage-class", SEED));
        return request("PUT", "/examplebucket/chunkObject.txt", "", h, body);
    }

    @Test
    void streamingExampleSignatures() {
        byte[] body = streamingBody();
        assertThat(body).hasSize(66824);
        Headers h = streamingHeaders();
        SigV4Signer.Signed s = signer.sign("PUT", "/examplebucket/chunkObject.txt", List.of(), h,
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", T0);
        assertThat(s.signature()).isEqualTo(SEED);
        byte[] data = streamingData();
        String c1 = signer.chunkSignature(SEED, AMZ_DATE, SCOPE, data, 0, 65536);
        String c2 = signer.chunkSignature(c1, AMZ_DATE, SCOPE, data, 0, 1024);
        String c3 = signer.chunkSignature(c2, AMZ_DATE, SCOPE, data, 0, 0);
        assertThat(List.of(c1, c2, c3)).containsExactly(CHUNK_SIGS);
        assertThat(signer.chunkedBody(data, 65536, SEED, AMZ_DATE, SCOPE, List.of())).isEqualTo(body);
    }

    @Test
    void streamingExampleVerifies() throws Exception {
        AuthenticatedRequest auth = authenticator(T0).authenticate(streamingRequest(streamingBody()));
        assertThat(auth.accessKey()).isEqualTo(AK);
        assertThat(auth.awsChunked()).isTrue();
        assertThat(auth.decodedContentLength()).isEqualTo(66560);
        assertThat(auth.payload().readAllBytes()).isEqualTo(streamingData());
        assertThat(auth.trailers().entries()).isEmpty();
    }
}
