package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;
import io.granary.s3.auth.SigV2Signer.Param;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.granary.s3.auth.Requests.AK;
import static io.granary.s3.auth.Requests.SK;
import static io.granary.s3.auth.Requests.authenticator;
import static io.granary.s3.auth.Requests.errorOf;
import static io.granary.s3.auth.Requests.exceptionOf;
import static io.granary.s3.auth.Requests.headers;
import static io.granary.s3.auth.Requests.payloadErrorOf;
import static io.granary.s3.auth.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SigV2AuthenticatorTest {
    static final String HOST = "localhost:9000";
    static final Instant NOW = Instant.parse("2026-01-15T10:20:30Z");
    static final String DATE = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.atOffset(ZoneOffset.UTC));
    final SigV2Signer signer = new SigV2Signer(AK, SK);

    /** A path-style request signed in the Authorization header; {@code extra} are more headers to send and sign. */
    S3Request signed(String method, String rawPath, List<Param> params, byte[] body, String... extra) {
        Headers h = headers("Host", HOST, "Date", DATE);
        for (int i = 0; i < extra.length; i += 2) h.add(extra[i], extra[i + 1]);
        h.add("Authorization", signer.authorization(method, rawPath, params, h));
        return request(method, rawPath, rawQuery(params), h, body);
    }

    static String rawQuery(List<Param> params) {
        StringBuilder q = new StringBuilder();
        for (Param p : params) {
            if (!q.isEmpty()) q.append('&');
            q.append(SigV2Signer.encode(p.name()));
            if (p.value() != null) q.append('=').append(SigV2Signer.encode(p.value()));
        }
        return q.toString();
    }

    static S3Request with(S3Request r, String rawPath, String rawQuery, Headers h) {
        return new S3Request(r.method(), rawPath, rawQuery, h, r.body(), r.contentLength(), h.get("host"),
                r.requestId(), r.received());
    }

    static Headers setHeader(S3Request r, String name, String value) {
        Headers h = Requests.copy(r.headers());
        if (value == null) h.remove(name);
        else h.set(name, value);
        return h;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Authorization header

    @Test
    void headerSignedRequestVerifies() throws Exception {
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        S3Request r = signed("PUT", "/bkt/dir/a%20b.txt", List.of(), body, "Content-Type", "text/plain",
                "x-amz-meta-Color", "  blue ", "x-amz-meta-color", "red");
        AuthenticatedRequest auth = authenticator(NOW).authenticate(r);
        assertThat(auth.accessKey()).isEqualTo(AK);
        assertThat(auth.payload().readAllBytes()).isEqualTo(body);
    }

    @Test
    void subResourcesAreSortedAndSigned() {
        List<Param> params = List.of(Param.of("uploadId", "abc/def"), Param.of("partNumber", "3"));
        S3Request r = signed("PUT", "/bkt/key", params, new byte[0]);
        assertThat(authenticator(NOW).authenticate(r).accessKey()).isEqualTo(AK);
        // A different part number or upload id is another request.
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(),
                "uploadId=abc%2Fdef&partNumber=4", r.headers())))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        // Adding a sub-resource changes the operation: not covered by the signature.
        for (String extra : List.of("acl", "tagging", "retention", "legal-hold", "renameObject")) {
            assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(),
                    r.rawQuery() + "&" + extra, r.headers())))).as(extra).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        }
        // Parameters that are not sub-resources are not signed (as in S3).
        assertThat(authenticator(NOW).authenticate(with(r, r.rawPath(), r.rawQuery() + "&x-id=UploadPart",
                r.headers())).accessKey()).isEqualTo(AK);
    }

    @Test
    void bareAndEmptySubResourceSpellings() {
        S3Request r = signed("POST", "/bkt/key", List.of(Param.bare("uploads")), new byte[0]);
        assertThat(authenticator(NOW).authenticate(r).accessKey()).isEqualTo(AK);
        // "?uploads=" signed as "?uploads" (clients differ) ...
        assertThat(authenticator(NOW).authenticate(with(r, r.rawPath(), "uploads=", r.headers())).accessKey())
                .isEqualTo(AK);
        // ... and "?uploads=" signed as sent.
        S3Request r2 = signed("POST", "/bkt/key", List.of(Param.of("uploads", "")), new byte[0]);
        assertThat(r2.rawQuery()).isEqualTo("uploads=");
        assertThat(authenticator(NOW).authenticate(r2).accessKey()).isEqualTo(AK);
    }

    @Test
    void pathIsSignedAsSentButEquivalentEscapingIsAccepted() {
        S3Request r = signed("GET", "/bkt/a%7Eb$c", List.of(), new byte[0]);
        assertThat(authenticator(NOW).authenticate(r).accessKey()).isEqualTo(AK);
        // A client that signs the RFC 3986 form of the path but sends it escaped differently (or a proxy that
        // re-escapes it) still verifies: the signed form is re-derived from the decoded path.
        Headers h = headers("Host", HOST, "Date", DATE);
        h.add("Authorization", signer.authorization("GET", "/bkt/a~b%24c", List.of(), h));
        assertThat(authenticator(NOW).authenticate(request("GET", "/bkt/a%7Eb$c", "", h, new byte[0])).accessKey())
                .isEqualTo(AK);
        assertThat(authenticator(NOW).authenticate(request("GET", "/bkt/a%7eb%24c", "", Requests.copy(h),
                new byte[0])).accessKey()).isEqualTo(AK);
        // Another key or bucket is not.
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, "/bkt/a%7Eb$d", "", r.headers()))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, "/other/a%7Eb$c", "", r.headers()))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void copyObjectSignsTheCopySource() {
        S3Request r = signed("PUT", "/dst/copy", List.of(), new byte[0], "x-amz-copy-source", "/src/original",
                "x-amz-metadata-directive", "COPY");
        assertThat(authenticator(NOW).authenticate(r).accessKey()).isEqualTo(AK);
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(), "",
                setHeader(r, "x-amz-copy-source", "/src/secret"))))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(), "",
                setHeader(r, "x-amz-metadata-directive", null))))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void xAmzDateWithEmptyDateLine() {
        Headers h = headers("Host", HOST, "x-amz-date", DATE);
        String sts = SigV2Signer.stringToSign("GET", "/bkt/k", List.of(), h, "");
        assertThat(sts).isEqualTo("GET\n\n\n\nx-amz-date:" + DATE + "\n/bkt/k");
        h.add("Authorization", "AWS " + AK + ":" + signer.signature(sts));
        assertThat(authenticator(NOW).authenticate(request("GET", "/bkt/k", "", h, new byte[0])).accessKey())
                .isEqualTo(AK);
        // The skew check uses x-amz-date, which takes precedence over Date.
        Headers h2 = Requests.copy(h);
        h2.add("Date", "Tue, 27 Mar 2007 19:36:42 +0000");
        assertThat(authenticator(NOW).authenticate(request("GET", "/bkt/k", "", h2, new byte[0])).accessKey())
                .isEqualTo(AK);
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatchWithStringToSign() {
        SigV2Signer wrong = new SigV2Signer(AK, "not-the-secret");
        Headers h = headers("Host", HOST, "Date", DATE, "Content-Type", "text/plain");
        h.add("Authorization", wrong.authorization("GET", "/bkt/k", List.of(Param.bare("acl")), h));
        S3Exception e = exceptionOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k", "acl", h,
                new byte[0])));
        assertThat(e.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        String expected = "GET\n\ntext/plain\n" + DATE + "\n/bkt/k?acl";
        assertThat(e.elements()).containsEntry("AWSAccessKeyId", AK)
                .containsEntry("StringToSign", expected)
                .containsEntry("SignatureProvided", h.get("authorization").substring(("AWS " + AK + ":").length()))
                .containsKey("StringToSignBytes");
        assertThat(e.elements().get("StringToSignBytes")).startsWith("47 45 54 0a");
    }

    @Test
    void tamperedSignedHeaderIsRejected() {
        S3Request r = signed("PUT", "/bkt/k", List.of(), new byte[0], "Content-Type", "text/plain",
                "Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==", "x-amz-acl", "private");
        assertThat(authenticator(NOW).authenticate(r).accessKey()).isEqualTo(AK);
        for (String[] change : List.of(new String[] {"Content-Type", "text/html"},
                new String[] {"Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="}, new String[] {"x-amz-acl", "public-read"},
                new String[] {"x-amz-meta-added", "1"})) {
            assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(), "",
                    setHeader(r, change[0], change[1]))))).as(change[0]).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        }
        S3Request delete = new S3Request("DELETE", r.rawPath(), "", r.headers(), r.body(), 0, HOST, "r", NOW);
        assertThat(errorOf(() -> authenticator(NOW).authenticate(delete))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void unknownAccessKey() {
        SigV2Signer other = new SigV2Signer("AKIDUNKNOWN", SK);
        Headers h = headers("Host", HOST, "Date", DATE);
        h.add("Authorization", other.authorization("GET", "/bkt/k", List.of(), h));
        S3Exception e = exceptionOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k", "", h,
                new byte[0])));
        assertThat(e.error()).isEqualTo(S3Error.INVALID_ACCESS_KEY_ID);
        assertThat(e.elements()).containsEntry("AWSAccessKeyId", "AKIDUNKNOWN");
    }

    @Test
    void clockSkew() {
        S3Request r = signed("GET", "/bkt/k", List.of(), new byte[0]);
        assertThat(authenticator(NOW.plus(Duration.ofMinutes(14))).authenticate(r).accessKey()).isEqualTo(AK);
        S3Exception e = exceptionOf(() -> authenticator(NOW.plus(Duration.ofMinutes(16))).authenticate(r));
        assertThat(e.error()).isEqualTo(S3Error.REQUEST_TIME_TOO_SKEWED);
        assertThat(e.elements()).containsEntry("RequestTime", DATE)
                .containsEntry("MaxAllowedSkewMilliseconds", "900000");
        assertThat(errorOf(() -> authenticator(NOW.minus(Duration.ofMinutes(16))).authenticate(r)))
                .isEqualTo(S3Error.REQUEST_TIME_TOO_SKEWED);
    }

    @Test
    void missingOrBadDate() {
        Headers h = headers("Host", HOST);
        h.add("Authorization", signer.authorization("GET", "/bkt/k", List.of(), h));
        S3Exception e = exceptionOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k", "", h,
                new byte[0])));
        assertThat(e.error()).isEqualTo(S3Error.ACCESS_DENIED);
        assertThat(e.getMessage()).contains("Date");
        Headers bad = headers("Host", HOST, "Date", "yesterday");
        bad.add("Authorization", signer.authorization("GET", "/bkt/k", List.of(), bad));
        assertThat(errorOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k", "", bad, new byte[0]))))
                .isEqualTo(S3Error.ACCESS_DENIED);
    }

    @Test
    void malformedAuthorizationHeader() {
        for (String value : List.of("AWS", "AWS " + AK, "AWS " + AK + ":", "AWS :sig=")) {
            Headers h = headers("Host", HOST, "Date", DATE, "Authorization", value);
            assertThat(errorOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k", "", h, new byte[0]))))
                    .as(value).isEqualTo(S3Error.INVALID_ARGUMENT);
        }
    }

    @Test
    void headerAndQueryAuthTogetherIsRejected() {
        S3Request r = signed("GET", "/bkt/k", List.of(), new byte[0]);
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(),
                "AWSAccessKeyId=" + AK + "&Expires=2000000000&Signature=x", r.headers()))))
                .isEqualTo(S3Error.INVALID_ARGUMENT);
    }

    @Test
    void sha256PayloadHeaderIsVerified() throws Exception {
        byte[] body = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
        String hash = SigV4Signer.sha256Hex(body);
        S3Request ok = signed("PUT", "/bkt/k", List.of(), body, "x-amz-content-sha256", hash);
        assertThat(authenticator(NOW).authenticate(ok).payload().readAllBytes()).isEqualTo(body);

        S3Request wrong = signed("PUT", "/bkt/k", List.of(), "Welcome to Amazon S4.".getBytes(StandardCharsets.UTF_8),
                "x-amz-content-sha256", hash);
        AuthenticatedRequest auth = authenticator(NOW).authenticate(wrong);
        assertThat(payloadErrorOf(() -> auth.payload().readAllBytes())).isEqualTo(S3Error.CONTENT_SHA256_MISMATCH);

        S3Request unsigned = signed("PUT", "/bkt/k", List.of(), body, "x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        assertThat(authenticator(NOW).authenticate(unsigned).payload().readAllBytes()).isEqualTo(body);
    }

    @Test
    void signedStreamingPayloadNeedsSigV4() {
        S3Request r = signed("PUT", "/bkt/k", List.of(), new byte[0], "x-amz-content-sha256",
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "Content-Encoding", "aws-chunked");
        assertThat(errorOf(() -> authenticator(NOW).authenticate(r))).isEqualTo(S3Error.INVALID_REQUEST);
    }

    @Test
    void virtualHostStyleWithDomains() {
        Headers h = headers("Host", "bkt.s3.example.test:9000", "Date", DATE);
        h.add("Authorization", signer.authorization("GET", "/bkt/dir/k", List.of(Param.bare("tagging")), h));
        S3Request r = request("GET", "/dir/k", "tagging", h, new byte[0]);
        SigV4Authenticator withDomains = new SigV4Authenticator(Credentials.single(AK, SK),
                Clock.fixed(NOW, ZoneOffset.UTC), List.of("s3.example.test"));
        assertThat(withDomains.authenticate(r).accessKey()).isEqualTo(AK);
        // The bucket root is "/bkt/".
        Headers root = headers("Host", "bkt.s3.example.test", "Date", DATE);
        root.add("Authorization", signer.authorization("GET", "/bkt/", List.of(), root));
        assertThat(withDomains.authenticate(request("GET", "/", "", root, new byte[0])).accessKey()).isEqualTo(AK);
        // Without the domains the bucket is not known, so the resource differs.
        assertThat(errorOf(() -> authenticator(NOW).authenticate(r))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        // A host that names another bucket does not verify.
        Headers other = Requests.copy(h);
        other.set("Host", "evil.s3.example.test");
        assertThat(errorOf(() -> withDomains.authenticate(request("GET", "/dir/k", "tagging", other, new byte[0]))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Query string (presigned URL)

    S3Request presigned(String method, String rawPath, List<Param> params, long expires) {
        Headers h = headers("Host", HOST);
        return request(method, rawPath, signer.presignedQuery(method, rawPath, params, h, expires), h, new byte[0]);
    }

    @Test
    void presignedWithResponseOverrides() {
        long expires = NOW.getEpochSecond() + 300;
        List<Param> params = List.of(Param.of("response-content-type", "text/plain; charset=utf-8"),
                Param.of("response-content-disposition", "attachment; filename=\"a b+c.txt\""));
        S3Request r = presigned("GET", "/bkt/k", params, expires);
        String sts = SigV2Signer.stringToSign("GET", "/bkt/k", params, r.headers(), Long.toString(expires));
        assertThat(sts).isEqualTo("GET\n\n\n" + expires + "\n/bkt/k?response-content-disposition=attachment; "
                + "filename=\"a b+c.txt\"&response-content-type=text/plain; charset=utf-8");
        assertThat(authenticator(NOW).authenticate(r).accessKey()).isEqualTo(AK);
        // Changing or adding an override is not covered by the signature.
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(),
                r.rawQuery().replace("text%2Fplain", "text%2Fhtml"), r.headers()))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(),
                "response-cache-control=no-cache&" + r.rawQuery(), r.headers()))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        // Form-style '+' for spaces in the values still verifies.
        assertThat(authenticator(NOW).authenticate(with(r, r.rawPath(), r.rawQuery().replace("%20", "+"),
                r.headers())).accessKey()).isEqualTo(AK);
    }

    @Test
    void presignedExpiry() {
        long expires = NOW.getEpochSecond() + 60;
        S3Request r = presigned("GET", "/bkt/k", List.of(), expires);
        assertThat(authenticator(NOW.plusSeconds(60)).authenticate(r).accessKey()).isEqualTo(AK);
        S3Exception e = exceptionOf(() -> authenticator(NOW.plusSeconds(61)).authenticate(r));
        assertThat(e.error()).isEqualTo(S3Error.EXPIRED_REQUEST);
        assertThat(e.error().code()).isEqualTo("AccessDenied");
        assertThat(e.getMessage()).isEqualTo("Request has expired");
        assertThat(e.elements()).containsEntry("Expires", "2026-01-15T10:21:30Z")
                .containsEntry("ServerTime", "2026-01-15T10:21:31Z");
        // A presigned URL has no Date: skew does not apply, a long validity is fine.
        S3Request year = presigned("GET", "/bkt/k", List.of(), NOW.getEpochSecond() + 365L * 86400);
        assertThat(authenticator(NOW).authenticate(year).accessKey()).isEqualTo(AK);
        // Changing Expires breaks the signature.
        assertThat(errorOf(() -> authenticator(NOW).authenticate(with(r, r.rawPath(),
                r.rawQuery().replace("Expires=" + expires, "Expires=" + (expires + 3600)), r.headers()))))
                .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void presignedWrongSecretAndUnknownKey() {
        long expires = NOW.getEpochSecond() + 60;
        Headers h = headers("Host", HOST);
        String q = new SigV2Signer(AK, "wrong").presignedQuery("GET", "/bkt/k", List.of(), h, expires);
        S3Exception e = exceptionOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k", q, h,
                new byte[0])));
        assertThat(e.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
        assertThat(e.elements()).containsEntry("StringToSign", "GET\n\n\n" + expires + "\n/bkt/k");

        String q2 = new SigV2Signer("AKIDUNKNOWN", SK).presignedQuery("GET", "/bkt/k", List.of(), h, expires);
        assertThat(errorOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k", q2, h, new byte[0]))))
                .isEqualTo(S3Error.INVALID_ACCESS_KEY_ID);
    }

    @Test
    void presignedMissingOrBadParameters() {
        Headers h = headers("Host", HOST);
        for (String q : List.of("AWSAccessKeyId=" + AK + "&Expires=2000000000", "Signature=abc&Expires=2000000000",
                "AWSAccessKeyId=" + AK + "&Signature=abc", "AWSAccessKeyId=&Signature=abc&Expires=2000000000")) {
            S3Exception e = exceptionOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k", q, h,
                    new byte[0])));
            assertThat(e.error()).as(q).isEqualTo(S3Error.ACCESS_DENIED);
        }
        assertThat(errorOf(() -> authenticator(NOW).authenticate(request("GET", "/bkt/k",
                "AWSAccessKeyId=" + AK + "&Signature=abc&Expires=soon", h, new byte[0]))))
                .isEqualTo(S3Error.ACCESS_DENIED);
    }

    @Test
    void presignedSignatureWithUnencodedPlus() {
        // Find an expiry whose signature has a '+', then send it unencoded (decoded as a space by form rules).
        for (long expires = NOW.getEpochSecond() + 60; ; expires++) {
            S3Request r = presigned("GET", "/bkt/k", List.of(), expires);
            if (!r.rawQuery().contains("%2B")) continue;
            S3Request sloppy = with(r, r.rawPath(), r.rawQuery().replace("%2B", "+"), r.headers());
            assertThat(authenticator(NOW).authenticate(sloppy).accessKey()).isEqualTo(AK);
            break;
        }
    }

    @Test
    void presignedWithHeadersMovedIntoTheQuery() {
        // botocore puts x-amz-* headers (here a session token) and Content-Type of a presigned request into the
        // query string; they are signed as amz headers / the Content-Type line.
        long expires = NOW.getEpochSecond() + 60;
        String sts = "PUT\n\ntext/plain\n" + expires + "\nx-amz-security-token:tok+en/=\n/bkt/k";
        String q = "x-amz-security-token=tok%2Ben%2F%3D&content-type=text%2Fplain&AWSAccessKeyId=" + AK
                + "&Signature=" + SigV2Signer.encode(signer.signature(sts)) + "&Expires=" + expires;
        Headers h = headers("Host", HOST);
        assertThat(authenticator(NOW).authenticate(request("PUT", "/bkt/k", q, h, new byte[0])).accessKey())
                .isEqualTo(AK);
        String tampered = q.replace("tok%2Ben", "tok%2Bem");
        assertThat(errorOf(() -> authenticator(NOW).authenticate(request("PUT", "/bkt/k", tampered, h,
                new byte[0])))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void presignedPutWithContentTypeHeader() {
        long expires = NOW.getEpochSecond() + 60;
        Headers h = headers("Host", HOST, "Content-Type", "image/png");
        String q = signer.presignedQuery("PUT", "/bkt/img", List.of(), h, expires);
        assertThat(authenticator(NOW).authenticate(request("PUT", "/bkt/img", q, h, new byte[0])).accessKey())
                .isEqualTo(AK);
        Headers other = headers("Host", HOST, "Content-Type", "text/html");
        assertThat(errorOf(() -> authenticator(NOW).authenticate(request("PUT", "/bkt/img", q, other,
                new byte[0])))).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // A real client: aws-cli v1 presigns with SigV2 by default

    @Test
    void awsCliV1PresignedUrlVerifies() throws Exception {
        Path aws = findOnPath("aws");
        assumeTrue(aws != null || System.getenv("CI") != null, "aws-cli is not installed");
        assertThat(aws).as("aws-cli must be installed when CI is set").isNotNull();
        for (String key : List.of("some%20key", "dir/a b+c/é~x?y&z=1")) {
            String url = awsPresign(aws, "s3://bucket/" + key);
            assumeTrue(url.contains("AWSAccessKeyId="), "this aws-cli presigns with SigV4 (aws-cli v2): " + url);
            URI uri = URI.create(url);
            long expires = -1;
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.startsWith("Expires=")) expires = Long.parseLong(pair.substring("Expires=".length()));
            }
            assertThat(expires).as(url).isPositive();
            long exp = expires;
            Instant now = Instant.ofEpochSecond(exp - 60);
            Headers h = headers("Host", uri.getRawAuthority(), "User-Agent", "curl/8");
            S3Request r = request("GET", uri.getRawPath(), uri.getRawQuery(), h, new byte[0]);
            assertThat(authenticator(now).authenticate(r).accessKey()).as(url).isEqualTo(AK);
            // The URL is for this key only, and only until it expires.
            S3Request otherKey = request("GET", uri.getRawPath() + "x", uri.getRawQuery(), Requests.copy(h),
                    new byte[0]);
            assertThat(errorOf(() -> authenticator(now).authenticate(otherKey))).as(url)
                    .isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH);
            assertThat(errorOf(() -> authenticator(Instant.ofEpochSecond(exp + 1)).authenticate(
                    request("GET", uri.getRawPath(), uri.getRawQuery(), Requests.copy(h), new byte[0]))))
                    .isEqualTo(S3Error.EXPIRED_REQUEST);
        }
    }

    private static String awsPresign(Path aws, String s3Uri) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(aws.toString(), "s3", "presign", s3Uri,
                "--endpoint-url", "http://127.0.0.1:9"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("AWS_CA_BUNDLE");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        env.remove("AWS_SECURITY_TOKEN");
        env.put("AWS_ACCESS_KEY_ID", AK);
        env.put("AWS_SECRET_ACCESS_KEY", SK);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        // Keep any local configuration (e.g. s3.signature_version) out of the test.
        Path none = Files.createTempDirectory("granary-aws-cli");
        env.put("AWS_CONFIG_FILE", none.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", none.resolve("credentials").toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("aws s3 presign finished").isTrue();
        Files.deleteIfExists(none);
        String text = new String(out, StandardCharsets.UTF_8).strip();
        assertThat(p.exitValue()).as(text).isZero();
        return text;
    }

    private static Path findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
