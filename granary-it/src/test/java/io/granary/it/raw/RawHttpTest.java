package io.granary.it.raw;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.RawHttp;
import io.granary.it.support.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;

import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests no SDK would send: broken HTTP, anonymous access, Expect: 100-continue, keep-alive, health checks. */
class RawHttpTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    private RawHttp connect() throws Exception {
        return new RawHttp("127.0.0.1", granary.port());
    }

    private String host() {
        return "127.0.0.1:" + granary.port();
    }

    private static void assertS3Error(RawHttp.Response r, int status, String code) {
        assertThat(r.status()).as("status of %s", r).isEqualTo(status);
        assertThat(r.header("content-type")).as("Content-Type of an error: %s", r).contains("xml");
        assertThat(r.bodyText()).as("S3 error document").contains("<Error>").contains("</Error>")
                .contains("<Code>").contains("<Message>");
        if (code != null) {
            assertThat(r.bodyText()).contains("<Code>" + code + "</Code>");
        }
        assertRequestIds(r);
    }

    private static void assertRequestIds(RawHttp.Response r) {
        assertThat(r.header("x-amz-request-id")).as("x-amz-request-id on %s", r.statusLine()).isNotBlank();
        assertThat(r.header("x-amz-id-2")).as("x-amz-id-2 on %s", r.statusLine()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9 extra\r\n\r\n",
            "G E T /x HTTP/1.1\r\nHost: h\r\n\r\n"})
    void malformedRequestLineGets400Xml(String request) throws Exception {
        try (RawHttp c = connect()) {
            c.send(request);
            RawHttp.Response r = c.read();
            assertS3Error(r, 400, null);
        }
    }

    @Test
    void oversizedHeaderGets400Xml() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /health/live HTTP/1.1\r\nHost: " + host() + "\r\nX-Big: " + "a".repeat(20 * 1024)
                    + "\r\n\r\n");
            RawHttp.Response r = c.read();
            assertS3Error(r, 400, null);
            System.out.println("[raw] oversized header -> " + r);
        }
    }

    @Test
    void manyHeadersOverLimitGets400Xml() throws Exception {
        StringBuilder sb = new StringBuilder("GET /health/live HTTP/1.1\r\nHost: " + host() + "\r\n");
        for (int i = 0; i < 400; i++) {
            sb.append("X-H-").append(i).append(": ").append("v".repeat(60)).append("\r\n");
        }
        try (RawHttp c = connect()) {
            c.send(sb.append("\r\n").toString());
            assertS3Error(c.read(), 400, null);
        }
    }

    @Test
    void unauthenticatedGetIsAccessDenied() throws Exception {
        String bucket = granary.createBucket("anon");
        granary.s3().putObject(b -> b.bucket(bucket).key("secret"), RequestBody.fromString("TOP-SECRET-CONTENT"));
        for (String path : new String[] {"/" + bucket + "/secret", "/" + bucket, "/" + bucket + "?list-type=2",
                "/"}) {
            try (RawHttp c = connect()) {
                c.send("GET " + path + " HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
                RawHttp.Response r = c.read();
                assertS3Error(r, 403, "AccessDenied");
                assertThat(r.bodyText()).doesNotContain("TOP-SECRET-CONTENT");
            }
        }
        // and through a regular HTTP client
        HttpResponse<String> r = granary.http().send(HttpRequest.newBuilder(granary.endpoint()
                .resolve("/" + bucket + "/secret")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("<Code>AccessDenied</Code>").doesNotContain("TOP-SECRET-CONTENT");
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatchAndUnknownKeyIsInvalidAccessKeyId() throws Exception {
        String bucket = granary.createBucket("badsig");
        var wrongSecret = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(granary.endpoint()).region(GranaryServerExtension.REGION).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                                GranaryServerExtension.USER, "wrong-secret-key")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
        var unknownKey = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(granary.endpoint()).region(GranaryServerExtension.REGION).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("NOSUCHKEY", "x")))
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build();
        try (wrongSecret; unknownKey) {
            var e1 = org.junit.jupiter.api.Assertions.assertThrows(
                    software.amazon.awssdk.services.s3.model.S3Exception.class,
                    () -> wrongSecret.listObjectsV2(b -> b.bucket(bucket)));
            assertThat(e1.statusCode()).isEqualTo(403);
            assertThat(e1.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            var e2 = org.junit.jupiter.api.Assertions.assertThrows(
                    software.amazon.awssdk.services.s3.model.S3Exception.class,
                    () -> unknownKey.listObjectsV2(b -> b.bucket(bucket)));
            assertThat(e2.statusCode()).isEqualTo(403);
            assertThat(e2.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
        }
    }

    /**
     * Signature Version 2 (query AWSAccessKeyId/Signature/Expires: what aws-cli v1 presigns by default; header
     * "AWS key:sig"). S3 either supports it (legacy buckets) or refuses it with 400 InvalidRequest "The
     * authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256." (SigV4-only
     * buckets). Either is accepted, but consistently: a correct SigV2 signature works or is refused as
     * unsupported; a wrong one is SignatureDoesNotMatch (or refused the same way).
     */
    @Test
    void signatureVersion2IsEitherSupportedOrInvalidRequest() throws Exception {
        String bucket = granary.createBucket("sigv2");
        granary.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("sigv2 body"));
        long expires = System.currentTimeMillis() / 1000 + 600;
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                GranaryServerExtension.PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA1"));
        String good = java.util.Base64.getEncoder().encodeToString(mac.doFinal(("GET\n\n\n" + expires + "\n/" + bucket
                + "/k").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        RawHttp.Response ok;
        try (RawHttp c = connect()) {
            c.send("GET /" + bucket + "/k?AWSAccessKeyId=" + GranaryServerExtension.USER + "&Expires=" + expires
                    + "&Signature=" + java.net.URLEncoder.encode(good, java.nio.charset.StandardCharsets.UTF_8)
                    + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
            ok = c.read();
        }
        boolean supported = ok.status() == 200;
        if (supported) {
            assertThat(ok.bodyText()).isEqualTo("sigv2 body");
        } else {
            assertS3Error(ok, 400, "InvalidRequest");
        }
        try (RawHttp c = connect()) {
            c.send("GET /" + bucket + "/k HTTP/1.1\r\nHost: " + host() + "\r\nDate: "
                    + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))
                    + "\r\nAuthorization: AWS " + GranaryServerExtension.USER + ":9C5RTigCKFGTNcJMv8cKB9yKg50=\r\n\r\n");
            RawHttp.Response bad = c.read();
            if (supported) {
                assertS3Error(bad, 403, "SignatureDoesNotMatch");
            } else {
                assertS3Error(bad, 400, "InvalidRequest");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health/live", "/health/ready", "/minio/health/live", "/minio/health/ready"})
    void healthEndpoints(String path) throws Exception {
        HttpResponse<String> r = granary.http().send(HttpRequest.newBuilder(granary.endpoint().resolve(path))
                .GET().timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s -> %s", path, r.body()).isEqualTo(200);
        HttpResponse<Void> head = granary.http().send(HttpRequest.newBuilder(granary.endpoint().resolve(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(200);
    }

    @Test
    void everyResponseCarriesRequestIds() throws Exception {
        String bucket = granary.createBucket("ids");
        granary.s3().putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
        var presigned = granary.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("k")));
        var missing = granary.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("missing")));
        for (URL url : new URL[] {presigned.url(), missing.url(), granary.endpoint().resolve("/health/live").toURL(),
                granary.endpoint().resolve("/" + bucket + "/k").toURL()}) {
            HttpResponse<String> r = granary.http().send(HttpRequest.newBuilder(url.toURI()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("x-amz-request-id")).as("x-amz-request-id on %s (%d)", url,
                    r.statusCode()).isPresent();
            assertThat(r.headers().firstValue("x-amz-id-2")).as("x-amz-id-2 on %s (%d)", url, r.statusCode())
                    .isPresent();
        }
    }

    @Test
    void expect100ContinuePut() throws Exception {
        String bucket = granary.createBucket("expect");
        byte[] data = TestData.bytes(300_000, 1);
        var p = granary.presigner().presignPutObject(x -> x.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(r -> r.bucket(bucket).key("continued")));
        URL url = p.url();
        try (RawHttp c = connect()) {
            c.send("PUT " + url.getFile() + " HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: " + data.length
                    + "\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response interim = c.read();
            assertThat(interim.status()).as("interim response to Expect: 100-continue: %s", interim).isEqualTo(100);
            c.send(data);
            RawHttp.Response done = c.read();
            assertThat(done.status()).as("final response: %s", done).isEqualTo(200);
            assertThat(done.header("etag")).isEqualTo(TestData.etagOf(data));
            assertRequestIds(done);
        }
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("continued")).asByteArray())
                .isEqualTo(data);

        // the JDK client's own expect-continue support
        var p2 = granary.presigner().presignPutObject(x -> x.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(r -> r.bucket(bucket).key("continued-2")));
        HttpResponse<String> r2 = granary.http().send(HttpRequest.newBuilder(p2.url().toURI()).expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r2.statusCode()).as("%s", r2.body()).isEqualTo(200);
        assertThat(granary.s3().getObjectAsBytes(b -> b.bucket(bucket).key("continued-2")).asByteArray())
                .isEqualTo(data);
    }

    @Test
    void expect100ContinueRejectedBeforeBodyWhenUnauthenticated() throws Exception {
        String bucket = granary.createBucket("expect-denied");
        try (RawHttp c = connect()) {
            c.send("PUT /" + bucket + "/x HTTP/1.1\r\nHost: " + host() + "\r\nContent-Length: 1000000\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            RawHttp.Response r = c.read();
            // a server may refuse without reading the body (final status instead of 100)
            if (r.status() == 100) {
                c.send(new byte[1_000_000]);
                r = c.read();
            }
            assertS3Error(r, 403, "AccessDenied");
        }
    }

    @Test
    void keepAliveServesTwoRequestsOnOneSocket() throws Exception {
        String bucket = granary.createBucket("keepalive");
        granary.s3().putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromString("first object"));
        granary.s3().putObject(b -> b.bucket(bucket).key("b"), RequestBody.fromString("second"));
        var pa = granary.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("a")));
        var pb = granary.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(g -> g.bucket(bucket).key("b")));
        try (RawHttp c = connect()) {
            c.send("GET /health/live HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
            RawHttp.Response h1 = c.read();
            assertThat(h1.status()).isEqualTo(200);
            c.send("GET " + pa.url().getFile() + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
            RawHttp.Response r1 = c.read();
            assertThat(r1.status()).as("%s", r1).isEqualTo(200);
            assertThat(r1.bodyText()).isEqualTo("first object");
            c.send("GET " + pb.url().getFile() + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
            RawHttp.Response r2 = c.read();
            assertThat(r2.status()).as("%s", r2).isEqualTo(200);
            assertThat(r2.bodyText()).isEqualTo("second");
            // errors keep the connection usable too
            c.send("GET /" + bucket + "/a HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
            assertS3Error(c.read(), 403, "AccessDenied");
            c.send("GET /health/ready HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
            RawHttp.Response last = c.read();
            assertThat(last.status()).isEqualTo(200);
            c.setTimeoutMillis(5000);
            assertThat(c.closedByPeer()).as("server closes after Connection: close").isTrue();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /health/live HTTP/1.1\r\nHost: " + host() + "\r\n\r\n"
                    + "GET /nonexistent-bucket-xyz HTTP/1.1\r\nHost: " + host() + "\r\n\r\n"
                    + "GET /health/ready HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).as("anonymous GET of a missing bucket").isIn(403, 404);
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    @Test
    void http10WithoutHostIsServed() throws Exception {
        try (RawHttp c = connect()) {
            c.send("GET /health/live HTTP/1.0\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(200);
        }
    }
}
