package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static io.granary.s3.auth.Requests.AK;
import static io.granary.s3.auth.Requests.SK;
import static io.granary.s3.auth.Requests.T0;
import static io.granary.s3.auth.Requests.authenticator;
import static io.granary.s3.auth.Requests.errorOf;
import static io.granary.s3.auth.Requests.exceptionOf;
import static io.granary.s3.auth.Requests.headers;
import static io.granary.s3.auth.Requests.payloadErrorOf;
import static io.granary.s3.auth.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigV4AuthenticatorTest {
    static final String HOST = "bucket.localhost:9000";
    static final Instant NOW = Instant.parse("2026-01-15T10:20:30Z");
    final SigV4Signer signer = new SigV4Signer(AK, SK, "us-east-1");

    /** A signed request for a decoded path and params, the body hashed per {@code payloadHash}. */
    S3Request signed(String method, String path, List<Map.Entry<String, String>> params, byte[] body,
                     String payloadHash, Instant time, String... extraHeaders) {
        Headers h = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(time),
                "x-amz-content-sha256", payloadHash);
        for (int i = 0; i < extraHeaders.length; i += 2) h.add(extraHeaders[i], extraHeaders[i + 1]);
        SigV4Signer.Signed s = signer.sign(method, path, params, h, payloadHash, time);
        h.add("Authorization", s.authorization());
        return request(method, s.rawPath(), s.rawQuery(), h, body);
    }

    S3Request simpleGet() {
        return signed("GET", "/key", List.of(), new byte[0], SigV4Signer.EMPTY_SHA256, NOW);
    }

    static S3Request withHeader(S3Request r, String name, String value) {
        Headers h = Requests.copy(r.headers());
        if (value == null) h.remove(name);
        else h.set(name, value);
        return new S3Request(r.method(), r.rawPath(), r.rawQuery(), h, r.body(), r.contentLength(), h.get("host"),
                r.requestId(), r.received());
    }

    static S3Request withPathQuery(S3Request r, String rawPath, String rawQuery) {
        return new S3Request(r.method(), rawPath, rawQuery, r.headers(), r.body(), r.contentLength(), r.host(),
                r.requestId(), r.received());
    }

    @Test
    void validRequest() {
        assertThat(authenticator(NOW).authenticate(simpleGet()).accessKey()).isEqualTo(AK);
    }

    @Test
    void anyRegionIsAccepted() {
        for (String region : List.of("eu-central-1", "garage", "us-west-2")) {
            SigV4Signer s = new SigV4Signer(AK, SK, region);
            Headers h = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(NOW),
                    "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256);
            h.add("Authorization", s.sign("GET", "/", List.of(), h, SigV4Signer.EMPTY_SHA256, NOW).authorization());
            assertThat(authenticator(NOW).authenticate(request("GET", "/", "", h, new byte[0])).accessKey())
                    .isEqualTo(AK);
        }
    }

    @Test
    void tamperedSignatureIsRejectedWithDiagnostics() {
        S3Request r = simpleGet();
        String authz = r.headers().get("authorization");
        char last = authz.charAt(authz.length() - 1);
        String bad = authz.substring(0, authz.length() - 1) + (last == '0' ? '1' : '0');
        S3Exception e = exceptionOf(() -> authenticator(NOW).authenticate(withHeader(r, "Authorization", bad)));
        assertThat(e.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(e.elements()).containsKeys("CanonicalRequest", "StringToSign", "SignatureProvided");
        assertThat(e.elements().get("CanonicalRequest")).startsWith("GET\n/key\n\nhost:" + HOST);
    }

    @Test
    void tamperedRequestPartsAreRejected() {
        S3Request r = signed("GET", "/key", List.of(Map.entry("versionId", "1")), new byte[0],
                SigV4Signer.EMPTY_SHA256, NOW, "Range", "bytes=0-9");
        SigV4Authenticator a = authenticator(NOW);
        assertThat(a.authenticate(r).accessKey()).isEqualTo(AK);
        assertThat(errorOf(() -> a.authenticate(withHeader(r, "Range", "bytes=0-10"))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/key2", r.rawQuery()))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, r.rawPath(), "versionId=2"))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> a.authenticate(withHeader(r, "Host", "other:9000"))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        S3Request head = new S3Request("HEAD", r.rawPath(), r.rawQuery(), r.headers(), r.body(), 0, r.host(),
                "x", r.received());
        assertThat(errorOf(() -> a.authenticate(head))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void wrongSecretIsRejected() {
        SigV4Authenticator a = new SigV4Authenticator(Credentials.single(AK, "other-secret"),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(errorOf(() -> a.authenticate(simpleGet()))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void unknownAccessKey() {
        SigV4Authenticator a = new SigV4Authenticator(Credentials.single("OTHER", SK), Clock.fixed(NOW, ZoneOffset.UTC));
        S3Exception e = exceptionOf(() -> a.authenticate(simpleGet()));
        assertThat(e.error()).isEqualTo(S3Error.INVALID_ACCESS_KEY_ID);
        assertThat(e.elements()).containsEntry("AWSAccessKeyId", AK);
    }

    @Test
    void missingDate() {
        S3Request r = withHeader(simpleGet(), "x-amz-date", null);
        S3Exception e = exceptionOf(() -> authenticator(NOW).authenticate(r));
        assertThat(e.error()).isEqualTo(S3Error.ACCESS_DENIED);
        assertThat(e.getMessage()).isEqualTo("AWS authentication requires a valid Date or x-amz-date header");
        S3Exception e2 = exceptionOf(() -> authenticator(NOW).authenticate(withHeader(simpleGet(), "x-amz-date",
                "yesterday")));
        assertThat(e2.error()).isEqualTo(S3Error.ACCESS_DENIED);
    }

    @Test
    void dateHeaderAloneIsEnough() {
        Headers h = headers("Host", HOST, "Date", "Thu, 15 Jan 2026 10:20:30 GMT",
                "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256);
        h.add("Authorization", signer.sign("GET", "/k", List.of(), h, SigV4Signer.EMPTY_SHA256, NOW).authorization());
        assertThat(authenticator(NOW).authenticate(request("GET", "/k", "", h, new byte[0])).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void clockSkew() {
        S3Request r = simpleGet();
        assertThat(authenticator(NOW.plus(Duration.ofMinutes(14))).authenticate(r).accessKey()).isEqualTo(AK);
        assertThat(authenticator(NOW.minus(Duration.ofMinutes(14))).authenticate(r).accessKey()).isEqualTo(AK);
        S3Exception e = exceptionOf(() -> authenticator(NOW.plus(Duration.ofMinutes(16))).authenticate(r));
        assertThat(e.error()).isEqualTo(S3Error.REQUEST_TIME_TOO_SKEWED);
        assertThat(e.elements()).containsEntry("MaxAllowedSkewMilliseconds", "900000")
                .containsEntry("RequestTime", "20260115T102030Z");
        assertThat(errorOf(() -> authenticator(NOW.minus(Duration.ofMinutes(16))).authenticate(r)))
                .isEqualTo(S3Error.REQUEST_TIME_TOO_SKEWED);
    }

    @Test
    void unsupportedSchemes() {
        S3Request r = simpleGet();
        SigV4Authenticator a = authenticator(NOW);
        assertThat(errorOf(() -> a.authenticate(withHeader(r, "Authorization",
                "AWS4-ECDSA-P256-SHA256 Credential=AK/20260115/s3/aws4_request, SignedHeaders=host, Signature=00"))))
                .isEqualTo(S3Error.NOT_IMPLEMENTED);
        // SigV2 is verified now (see SigV2AuthenticatorTest); a wrong V2 signature is a mismatch, not NotImplemented.
        S3Exception v2 = exceptionOf(() -> a.authenticate(withHeader(r, "Authorization", "AWS " + AK + ":abc=")));
        assertThat(v2.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> a.authenticate(withHeader(r, "Authorization", "Bearer xyz"))))
                .isEqualTo(S3Error.INVALID_ARGUMENT);
        S3Request v2Query = request("GET", "/k", "AWSAccessKeyId=" + AK + "&Expires=1&Signature=abc",
                headers("Host", HOST), new byte[0]);
        assertThat(exceptionOf(() -> a.authenticate(v2Query)).getMessage()).isEqualTo("Request has expired");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "AWS4-HMAC-SHA256",
            "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=%s",
            "AWS4-HMAC-SHA256 Credential=%c, Signature=%s",
            "AWS4-HMAC-SHA256 Credential=%c, SignedHeaders=host",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/s3, SignedHeaders=host, Signature=%s",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=%s",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260115/us-east-1/s3/aws5_request, SignedHeaders=host, Signature=%s",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/2026011/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=%s",
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260114/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=%s",
            "AWS4-HMAC-SHA256 Credential=%c, SignedHeaders=host, Signature=xyz",
            "AWS4-HMAC-SHA256 Credential=%c, SignedHeaders=;, Signature=%s",
            "AWS4-HMAC-SHA256 Credential=%c SignedHeaders=host Signature=%s Signature=%s",
            "AWS4-HMAC-SHA256 Credential=%c, garbage, SignedHeaders=host, Signature=%s",
    })
    void malformedAuthorizationHeader(String template) {
        String value = template.replace("%c", AK + "/20260115/us-east-1/s3/aws4_request")
                .replace("%s", "0".repeat(64));
        assertThat(errorOf(() -> authenticator(NOW).authenticate(withHeader(simpleGet(), "Authorization", value))))
                .isEqualTo(S3Error.AUTHORIZATION_HEADER_MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%s, %s, %s", "%s,%s,%s", "%s  ,  %s ,%s", "%s %s %s", "%s,\t%s, %s,"})
    void separatorVariationsAreTolerated(String layout) {
        S3Request r = simpleGet();
        String authz = r.headers().get("authorization");
        String[] parts = authz.substring("AWS4-HMAC-SHA256 ".length()).split(", ");
        String value = "AWS4-HMAC-SHA256  " + String.format(layout, (Object[]) parts);
        assertThat(authenticator(NOW).authenticate(withHeader(r, "Authorization", value)).accessKey()).isEqualTo(AK);
    }

    @Test
    void contentSha256Header() {
        SigV4Authenticator a = authenticator(NOW);
        S3Exception missing = exceptionOf(() -> a.authenticate(withHeader(simpleGet(), "x-amz-content-sha256", null)));
        assertThat(missing.error()).isEqualTo(S3Error.INVALID_REQUEST);
        assertThat(missing.getMessage()).isEqualTo("Missing required header for this request: x-amz-content-sha256");
        assertThat(errorOf(() -> a.authenticate(signed("PUT", "/k", List.of(), new byte[0], "garbage", NOW))))
                .isEqualTo(S3Error.INVALID_ARGUMENT);
        assertThat(errorOf(() -> a.authenticate(signed("PUT", "/k", List.of(), new byte[0],
                "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", NOW)))).isEqualTo(S3Error.NOT_IMPLEMENTED);
    }

    @Test
    void payloadDigestIsVerifiedAtEof() throws Exception {
        byte[] body = "hello world".getBytes(StandardCharsets.UTF_8);
        String hash = SigV4Signer.sha256Hex(body);
        AuthenticatedRequest ok = authenticator(NOW).authenticate(signed("PUT", "/k", List.of(), body, hash, NOW));
        assertThat(ok.payload().readAllBytes()).isEqualTo(body);

        byte[] other = "hello World".getBytes(StandardCharsets.UTF_8);
        S3Request tampered = signed("PUT", "/k", List.of(), body, hash, NOW);
        tampered = new S3Request("PUT", tampered.rawPath(), tampered.rawQuery(), tampered.headers(),
                new ByteArrayInputStream(other), other.length, tampered.host(), "x", tampered.received());
        AuthenticatedRequest bad = authenticator(NOW).authenticate(tampered);
        var in = bad.payload();
        assertThat(payloadErrorOf(in::readAllBytes)).isEqualTo(S3Error.CONTENT_SHA256_MISMATCH);
        assertThat(payloadErrorOf(in::read)).isEqualTo(S3Error.CONTENT_SHA256_MISMATCH);
    }

    @Test
    void unsignedPayloadAndTruncatedBody() throws Exception {
        byte[] body = "0123456789".getBytes(StandardCharsets.UTF_8);
        S3Request r = signed("PUT", "/k", List.of(), body, "UNSIGNED-PAYLOAD", NOW);
        assertThat(authenticator(NOW).authenticate(r).payload().readAllBytes()).isEqualTo(body);
        S3Request truncated = new S3Request("PUT", r.rawPath(), r.rawQuery(), r.headers(),
                new ByteArrayInputStream(body, 0, 5), 10, r.host(), "x", r.received());
        AuthenticatedRequest auth = authenticator(NOW).authenticate(truncated);
        assertThat(payloadErrorOf(() -> auth.payload().readAllBytes())).isEqualTo(S3Error.INCOMPLETE_BODY);
    }

    @Test
    void payloadMayBeTakenOnce() {
        AuthenticatedRequest auth = authenticator(NOW).authenticate(simpleGet());
        auth.payload();
        assertThatThrownBy(auth::payload).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anonymous() throws Exception {
        byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
        AuthenticatedRequest auth = authenticator(NOW).authenticate(request("PUT", "/b/k", "", headers("Host", HOST),
                body));
        assertThat(auth.accessKey()).isNull();
        assertThat(auth.awsChunked()).isFalse();
        assertThat(auth.payload().readAllBytes()).isEqualTo(body);
        // A hex digest is still verified for anonymous requests.
        AuthenticatedRequest digest = authenticator(NOW).authenticate(request("PUT", "/b/k", "",
                headers("Host", HOST, "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256), body));
        assertThat(payloadErrorOf(() -> digest.payload().readAllBytes())).isEqualTo(S3Error.CONTENT_SHA256_MISMATCH);
        assertThat(errorOf(() -> authenticator(NOW).authenticate(request("PUT", "/b/k", "",
                headers("Host", HOST, "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"), body))))
                .isEqualTo(S3Error.ACCESS_DENIED);
    }

    @Test
    void headerAndQueryAuthTogether() {
        S3Request r = withPathQuery(simpleGet(), "/key", "X-Amz-Algorithm=AWS4-HMAC-SHA256");
        assertThat(errorOf(() -> authenticator(NOW).authenticate(r))).isEqualTo(S3Error.INVALID_ARGUMENT);
    }

    // ---- canonical URI / query robustness

    @Test
    void specialCharactersInKeyAndQuery() {
        String path = "/bucket/a b+c*d~é/ü$(x)!'=&;:,@";
        List<Map.Entry<String, String>> params = List.of(Map.entry("prefix", "a b+c/é*"), Map.entry("delimiter", "/"),
                Map.entry("list-type", "2"), Map.entry("empty", ""));
        S3Request r = signed("GET", path, params, new byte[0], SigV4Signer.EMPTY_SHA256, NOW);
        SigV4Authenticator a = authenticator(NOW);
        assertThat(a.authenticate(r).accessKey()).isEqualTo(AK);
        // Same request, differently encoded by the client: lower-case hex, unencoded sub-delims, '+' for space.
        S3Request variant = withPathQuery(r, "/bucket/a%20b%2bc*d~%c3%a9/%C3%BC$(x)!'=&;:,@",
                "empty&list-type=2&prefix=a+b%2Bc/%C3%A9*&delimiter=/");
        assertThat(a.authenticate(variant).accessKey()).isEqualTo(AK);
    }

    @Test
    void literalPlusInQueryMatchesClientsThatSignItAsPlus() {
        S3Request r = signed("GET", "/b", List.of(Map.entry("prefix", "a+b")), new byte[0], SigV4Signer.EMPTY_SHA256,
                NOW);
        assertThat(r.rawQuery()).isEqualTo("prefix=a%2Bb");
        S3Request literal = withPathQuery(r, "/b", "prefix=a+b");
        assertThat(authenticator(NOW).authenticate(literal).accessKey()).isEqualTo(AK);
    }

    @Test
    void headerValuesAreCanonicalised() {
        Headers h = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(NOW),
                "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256, "x-amz-meta-a", "  one   two  ",
                "x-amz-meta-b", "first", "X-Amz-Meta-B", "second");
        SigV4Signer.Signed s = signer.sign("GET", "/k", List.of(), h, SigV4Signer.EMPTY_SHA256, NOW);
        assertThat(s.canonicalRequest()).contains("x-amz-meta-a:one two\n").contains("x-amz-meta-b:first,second\n");
        h.add("Authorization", s.authorization());
        assertThat(authenticator(NOW).authenticate(request("GET", "/k", "", h, new byte[0])).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void hostFallsBackToRequestHost() {
        S3Request r = simpleGet();
        Headers h = Requests.copy(r.headers());
        h.remove("host");
        S3Request noHostHeader = new S3Request("GET", r.rawPath(), r.rawQuery(), h, r.body(), 0, HOST, "x",
                r.received());
        assertThat(authenticator(NOW).authenticate(noHostHeader).accessKey()).isEqualTo(AK);
    }

    // ---- presigned

    S3Request presigned(String method, String path, Instant signedAt, long expires, String... extraParams) {
        List<Map.Entry<String, String>> params = new java.util.ArrayList<>();
        for (int i = 0; i < extraParams.length; i += 2) params.add(Map.entry(extraParams[i], extraParams[i + 1]));
        SigV4Signer.Signed s = signer.presign(method, path, params, headers("host", HOST), signedAt, expires,
                "UNSIGNED-PAYLOAD");
        return request(method, s.rawPath(), s.rawQuery(), headers("Host", HOST), new byte[0]);
    }

    @Test
    void presignedValidAndExpired() {
        S3Request r = presigned("GET", "/b/k", NOW, 600, "response-content-type", "text/plain");
        assertThat(authenticator(NOW.plusSeconds(599)).authenticate(r).accessKey()).isEqualTo(AK);
        S3Exception e = exceptionOf(() -> authenticator(NOW.plusSeconds(601)).authenticate(r));
        assertThat(e.error()).isEqualTo(S3Error.EXPIRED_REQUEST);
        assertThat(e.error().code()).isEqualTo("AccessDenied");
        assertThat(e.elements()).containsEntry("X-Amz-Expires", "600");
        assertThat(errorOf(() -> authenticator(NOW.minus(Duration.ofHours(1))).authenticate(r)))
                .isEqualTo(S3Error.ACCESS_DENIED);
        S3Request week = presigned("GET", "/b/k", NOW, 604800);
        assertThat(authenticator(NOW.plus(Duration.ofDays(6))).authenticate(week).accessKey()).isEqualTo(AK);
    }

    @Test
    void presignedTamperedOrMalformed() {
        S3Request r = presigned("GET", "/b/k", NOW, 600);
        SigV4Authenticator a = authenticator(NOW);
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/b/other", r.rawQuery()))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/b/k", r.rawQuery() + "&extra=1"))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/b/k",
                r.rawQuery().replace("X-Amz-Expires=600", "X-Amz-Expires=6000")))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        for (String bad : List.of("0", "-1", "604801", "abc")) {
            S3Request q = withPathQuery(r, "/b/k", r.rawQuery().replace("X-Amz-Expires=600", "X-Amz-Expires=" + bad));
            assertThat(errorOf(() -> a.authenticate(q))).as(bad).isEqualTo(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        }
        for (String param : List.of("X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders",
                "X-Amz-Algorithm")) {
            String q = java.util.Arrays.stream(r.rawQuery().split("&")).filter(p -> !p.startsWith(param + "="))
                    .reduce((x, y) -> x + "&" + y).orElseThrow();
            assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/b/k", q)))).as(param)
                    .isEqualTo(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        }
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/b/k",
                r.rawQuery().replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1")))))
                .isEqualTo(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/b/k",
                r.rawQuery().replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256")))))
                .isEqualTo(S3Error.NOT_IMPLEMENTED);
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/b/k",
                r.rawQuery().replace("%2Fs3%2F", "%2Fsqs%2F"))))).isEqualTo(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        assertThat(errorOf(() -> a.authenticate(withPathQuery(r, "/b/k",
                r.rawQuery().replace(SigV4Signer.AMZ.format(NOW), "2026-01-15T10:20:30Z")))))
                .isEqualTo(S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
        SigV4Authenticator other = new SigV4Authenticator(Credentials.single("X", SK), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(errorOf(() -> other.authenticate(r))).isEqualTo(S3Error.INVALID_ACCESS_KEY_ID);
    }

    @Test
    void presignedWithSignedContentSha256() throws Exception {
        byte[] body = "payload".getBytes(StandardCharsets.UTF_8);
        String hash = SigV4Signer.sha256Hex(body);
        SigV4Signer.Signed s = signer.presign("PUT", "/b/k", List.of(Map.entry("X-Amz-Content-Sha256", hash)),
                headers("host", HOST), NOW, 60, hash);
        AuthenticatedRequest ok = authenticator(NOW).authenticate(request("PUT", s.rawPath(), s.rawQuery(),
                headers("Host", HOST), body));
        assertThat(ok.payload().readAllBytes()).isEqualTo(body);
        AuthenticatedRequest bad = authenticator(NOW).authenticate(request("PUT", s.rawPath(), s.rawQuery(),
                headers("Host", HOST), "PAYLOAD".getBytes(StandardCharsets.UTF_8)));
        assertThat(payloadErrorOf(() -> bad.payload().readAllBytes())).isEqualTo(S3Error.CONTENT_SHA256_MISMATCH);
    }

    // ---- signing-key cache

    @Test
    void signingKeysAreCachedAndBounded() {
        SigV4Authenticator a = authenticator(NOW);
        a.authenticate(simpleGet());
        a.authenticate(simpleGet());
        a.authenticate(signed("GET", "/other", List.of(), new byte[0], SigV4Signer.EMPTY_SHA256, NOW.plusSeconds(5)));
        assertThat(a.keyDerivations()).isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            SigV4Signer s = new SigV4Signer(AK, SK, "region-" + i);
            Headers h = headers("Host", HOST, "x-amz-date", SigV4Signer.AMZ.format(NOW),
                    "x-amz-content-sha256", SigV4Signer.EMPTY_SHA256);
            h.add("Authorization", s.sign("GET", "/", List.of(), h, SigV4Signer.EMPTY_SHA256, NOW).authorization());
            a.authenticate(request("GET", "/", "", h, new byte[0]));
        }
        assertThat(a.keyDerivations()).isEqualTo(101);
        assertThat(a.cachedKeys()).isLessThanOrEqualTo(64);
    }

    @Test
    void rotatedSecretIsNotServedFromCache() {
        Map<String, String> secrets = new ConcurrentHashMap<>(Map.of(AK, SK));
        SigV4Authenticator a = new SigV4Authenticator(ak -> Optional.ofNullable(secrets.get(ak)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(a.authenticate(simpleGet()).accessKey()).isEqualTo(AK);
        secrets.put(AK, "new-secret");
        assertThat(errorOf(() -> a.authenticate(simpleGet()))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }
}
