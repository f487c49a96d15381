package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.internal.AwsChunkedInputStream;
import io.granary.s3.auth.internal.ChunkSigner;
import io.granary.s3.auth.internal.SigV4;
import io.granary.s3.auth.internal.VerifyingInputStream;
import io.granary.s3.http.Headers;
import io.granary.s3.http.QueryString;
import io.granary.s3.http.S3Request;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies AWS Signature Version 4 (Authorization header and presigned query forms) and sets up verification of the
 * payload (hex x-amz-content-sha256, aws-chunked with signed or unsigned chunks and trailers).
 *
 * <p>Usage: {@code AuthenticatedRequest auth = authenticator.authenticate(request)} either throws an
 * {@link S3Exception} or returns the verified request; {@code auth.accessKey()} is null for an anonymous request
 * (the caller decides whether to allow it). Read {@code auth.payload()} to EOF: errors in the body (bad chunk
 * signature, digest mismatch, truncation) surface from {@code read} as {@link io.granary.s3.S3PayloadException};
 * after EOF {@code auth.trailers()} holds trailing checksum headers.
 *
 * <p>Thread-safe; signing keys are cached per access key, date, region and service.
 */
public final class SigV4Authenticator {
    /** Largest difference between the request time and ours that S3 accepts. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** Longest validity of a presigned URL, in seconds (7 days). */
    public static final long MAX_PRESIGNED_EXPIRES = 604_800;

    private static final int KEY_CACHE_SIZE = 64;
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String DATE_REQUIRED = "AWS authentication requires a valid Date or x-amz-date header";
    private static final String ONE_MECHANISM = "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
            + "parameter, Signature query string parameter or the Authorization header should be specified";
    private static final String V2_UNSUPPORTED =
            "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.";

    private final Credentials credentials;
    private final Clock clock;
    private final Map<String, CachedKey> keys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedKey> eldest) {
            return size() > KEY_CACHE_SIZE;
        }
    };
    private long keyDerivations;

    private record CachedKey(byte[] secret, byte[] key) {}

    public SigV4Authenticator(Credentials credentials, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Authenticates {@code request}.
     *
     * @throws S3Exception AuthorizationHeaderMalformed, AuthorizationQueryParametersError, InvalidAccessKeyId,
     *                     SignatureDoesNotMatch, RequestTimeTooSkewed, AccessDenied (missing date, expired URL),
     *                     InvalidRequest (missing x-amz-content-sha256), InvalidArgument, NotImplemented (SigV2,
     *                     SigV4a)
     */
    public AuthenticatedRequest authenticate(S3Request request) {
        Headers headers = request.headers();
        String authorization = headers.get("authorization");
        QueryString query = QueryString.parse(request.rawQuery());
        boolean presigned = query.has("X-Amz-Algorithm") || query.has("X-Amz-Credential")
                || query.has("X-Amz-Signature");
        boolean v2Query = query.has("AWSAccessKeyId") && query.has("Signature");
        if (authorization != null && (presigned || v2Query)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, ONE_MECHANISM);
        }
        if (authorization != null) return headerAuth(request, authorization);
        if (presigned) return presignedAuth(request, query);
        if (v2Query) throw new S3Exception(S3Error.NOT_IMPLEMENTED, V2_UNSUPPORTED);
        return anonymous(request);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Authorization header

    private AuthenticatedRequest headerAuth(S3Request request, String authorization) {
        String auth = authorization.strip();
        int sp = indexOfWhitespace(auth);
        String scheme = sp < 0 ? auth : auth.substring(0, sp);
        if (scheme.equals(SigV4.ALGORITHM_ECDSA)) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "SigV4a (AWS4-ECDSA-P256-SHA256) is not supported.");
        }
        if (scheme.equals("AWS")) throw new S3Exception(S3Error.NOT_IMPLEMENTED, V2_UNSUPPORTED);
        if (!scheme.equals(SigV4.ALGORITHM)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Unsupported Authorization Type")
                    .with("ArgumentName", "Authorization").with("ArgumentValue", authorization);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (sp >= 0) {
            for (String token : auth.substring(sp).split("[,\\s]+")) {
                if (token.isEmpty()) continue;
                int eq = token.indexOf('=');
                if (eq <= 0) throw malformed("the authorization header is malformed; '" + token + "' is not a key=value pair");
                if (fields.put(token.substring(0, eq), token.substring(eq + 1)) != null) {
                    throw malformed("the authorization header is malformed; duplicate " + token.substring(0, eq));
                }
            }
        }
        String credential = fields.get("Credential");
        String signedHeadersText = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeadersText == null || signature == null) {
            throw malformed("The authorization header is malformed; it must contain Credential, SignedHeaders and "
                    + "Signature.");
        }
        Scope scope = parseCredential(credential, S3Error.AUTHORIZATION_HEADER_MALFORMED);
        List<String> signedHeaders = parseSignedHeaders(signedHeadersText, S3Error.AUTHORIZATION_HEADER_MALFORMED);
        if (!SigV4.isHexSha256(signature)) throw malformed("The authorization header is malformed; invalid Signature.");

        Headers headers = request.headers();
        Instant time = requestTime(headers);
        String amzDate = AMZ_DATE.format(time);
        if (!scope.date.equals(amzDate.substring(0, 8))) {
            throw malformed("The authorization header is malformed; Invalid credential date. Date is not the same as "
                    + "X-Amz-Date.");
        }
        String contentSha256 = headers.get("x-amz-content-sha256");
        if (contentSha256 == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "Missing required header for this request: x-amz-content-sha256");
        }
        contentSha256 = contentSha256.strip();
        PayloadMode mode = PayloadMode.of(contentSha256);
        String secret = secretFor(scope.accessKey);

        Instant now = clock.instant();
        if (Duration.between(time, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new S3Exception(S3Error.REQUEST_TIME_TOO_SKEWED)
                    .with("RequestTime", headers.contains("x-amz-date") ? headers.get("x-amz-date") : headers.get("date"))
                    .with("ServerTime", DateTimeFormatter.ISO_INSTANT.format(now))
                    .with("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
        }

        byte[] signingKey = signingKey(scope, secret);
        verifySignature(request, signedHeaders, contentSha256, null, amzDate, scope, signingKey, signature);
        return authenticated(request, scope.accessKey, mode, contentSha256,
                chunkSigner(mode, signingKey, amzDate, scope, signature));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Presigned URL

    private AuthenticatedRequest presignedAuth(S3Request request, QueryString query) {
        S3Error err = S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR;
        String algorithm = query.get("X-Amz-Algorithm");
        String credential = query.get("X-Amz-Credential");
        String date = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        String signedHeadersText = query.get("X-Amz-SignedHeaders");
        String signature = query.get("X-Amz-Signature");
        if (SigV4.ALGORITHM_ECDSA.equals(algorithm)) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED, "SigV4a (AWS4-ECDSA-P256-SHA256) is not supported.");
        }
        if (algorithm == null || credential == null || date == null || expires == null || signedHeadersText == null
                || signature == null) {
            throw new S3Exception(err, "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                    + "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires "
                    + "parameters.");
        }
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw new S3Exception(err, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        Scope scope = parseCredential(credential, err);
        List<String> signedHeaders = parseSignedHeaders(signedHeadersText, err);
        Instant time;
        try {
            time = parseAmzDate(date);
        } catch (DateTimeParseException e) {
            throw new S3Exception(err, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        long expiresSeconds;
        try {
            expiresSeconds = Long.parseLong(expires.strip());
        } catch (NumberFormatException e) {
            throw new S3Exception(err, "X-Amz-Expires should be a number");
        }
        if (expiresSeconds < 1) throw new S3Exception(err, "X-Amz-Expires must be non-negative");
        if (expiresSeconds > MAX_PRESIGNED_EXPIRES) {
            throw new S3Exception(err, "X-Amz-Expires must be less than a week (in seconds) that is; the maximum "
                    + "expires is 604800 seconds");
        }
        String amzDate = AMZ_DATE.format(time);
        if (!scope.date.equals(amzDate.substring(0, 8))) {
            throw new S3Exception(err, "Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        if (!SigV4.isHexSha256(signature)) {
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH, "X-Amz-Signature is not a valid signature.");
        }
        String contentSha256 = query.get("X-Amz-Content-Sha256");
        contentSha256 = contentSha256 == null ? SigV4.UNSIGNED_PAYLOAD : contentSha256.strip();
        PayloadMode mode = PayloadMode.of(contentSha256);
        String secret = secretFor(scope.accessKey);

        Instant now = clock.instant();
        if (time.isAfter(now.plus(MAX_SKEW))) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request is not valid yet");
        }
        Instant expiry = time.plusSeconds(expiresSeconds);
        if (now.isAfter(expiry)) {
            throw new S3Exception(S3Error.EXPIRED_REQUEST)
                    .with("X-Amz-Expires", Long.toString(expiresSeconds))
                    .with("Expires", DateTimeFormatter.ISO_INSTANT.format(expiry))
                    .with("ServerTime", DateTimeFormatter.ISO_INSTANT.format(now));
        }

        byte[] signingKey = signingKey(scope, secret);
        verifySignature(request, signedHeaders, contentSha256, "X-Amz-Signature", amzDate, scope, signingKey,
                signature);
        return authenticated(request, scope.accessKey, mode, contentSha256,
                chunkSigner(mode, signingKey, amzDate, scope, signature));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Anonymous

    private AuthenticatedRequest anonymous(S3Request request) {
        String contentSha256 = request.headers().get("x-amz-content-sha256");
        if (contentSha256 == null) {
            return authenticated(request, null, PayloadMode.UNSIGNED, SigV4.UNSIGNED_PAYLOAD, null);
        }
        contentSha256 = contentSha256.strip();
        PayloadMode mode = PayloadMode.of(contentSha256);
        if (mode.signedChunks()) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "A signed streaming payload (" + contentSha256
                    + ") requires a signed request.");
        }
        return authenticated(request, null, mode, contentSha256, null);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Signature

    private void verifySignature(S3Request request, List<String> signedHeaders, String payloadHash,
                                 String excludeParam, String amzDate, Scope scope, byte[] signingKey,
                                 String provided) {
        String headerBlock = canonicalHeaders(request, signedHeaders);
        String signedHeaderLine = String.join(";", signedHeaders);
        String rawPath = request.rawPath();
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();

        List<String> uris = new ArrayList<>(2);
        uris.add(SigV4.canonicalUri(rawPath));
        if (rawPath != null && !rawPath.isEmpty() && !rawPath.equals(uris.getFirst())) uris.add(rawPath);
        List<String> queries = new ArrayList<>(2);
        queries.add(SigV4.canonicalQuery(rawQuery, true, excludeParam));
        if (rawQuery.indexOf('+') >= 0) queries.add(SigV4.canonicalQuery(rawQuery, false, excludeParam));

        String firstCanonical = null;
        String firstStringToSign = null;
        for (String uri : uris) {
            for (String q : queries) {
                String canonical = request.method() + "\n" + uri + "\n" + q + "\n" + headerBlock + "\n"
                        + signedHeaderLine + "\n" + payloadHash;
                String stringToSign = SigV4.ALGORITHM + "\n" + amzDate + "\n" + scope.scope() + "\n"
                        + SigV4.sha256Hex(canonical);
                if (SigV4.signaturesEqual(SigV4.signature(signingKey, stringToSign), provided)) return;
                if (firstCanonical == null) {
                    firstCanonical = canonical;
                    firstStringToSign = stringToSign;
                }
            }
        }
        throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH)
                .with("AWSAccessKeyId", scope.accessKey)
                .with("StringToSign", firstStringToSign)
                .with("SignatureProvided", provided)
                .with("CanonicalRequest", firstCanonical);
    }

    private static String canonicalHeaders(S3Request request, List<String> signedHeaders) {
        StringBuilder sb = new StringBuilder(256);
        Headers headers = request.headers();
        for (String name : signedHeaders) {
            List<String> values = headers.getAll(name);
            String value;
            if (values.isEmpty()) {
                if (name.equals("host") && request.host() != null) value = SigV4.canonicalHeaderValue(request.host());
                else if (name.equals("content-length") && request.contentLength() >= 0) {
                    value = Long.toString(request.contentLength());
                } else value = "";
            } else if (values.size() == 1) {
                value = SigV4.canonicalHeaderValue(values.getFirst());
            } else {
                StringBuilder v = new StringBuilder();
                for (String s : values) {
                    if (!v.isEmpty()) v.append(',');
                    v.append(SigV4.canonicalHeaderValue(s));
                }
                value = v.toString();
            }
            sb.append(name).append(':').append(value).append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Payload

    private static ChunkSigner chunkSigner(PayloadMode mode, byte[] signingKey, String amzDate, Scope scope,
                                           String seedSignature) {
        return mode.signedChunks()
                ? new ChunkSigner(signingKey, amzDate, scope.scope(), seedSignature.toLowerCase(Locale.ROOT))
                : null;
    }

    private static AuthenticatedRequest authenticated(S3Request request, String accessKey, PayloadMode mode,
                                                      String contentSha256, ChunkSigner signer) {
        Headers headers = request.headers();
        boolean contentEncodingChunked = hasAwsChunkedEncoding(headers);
        String decodedHeader = headers.get("x-amz-decoded-content-length");
        // UNSIGNED-PAYLOAD with an aws-chunked body (no signatures, maybe trailers) is decoded too.
        boolean decode = mode.streaming()
                || (mode == PayloadMode.UNSIGNED && contentEncodingChunked && decodedHeader != null);
        boolean chunked = mode.streaming() || contentEncodingChunked;
        long decodedLength = request.contentLength();
        if (decode) {
            decodedLength = -1;
            if (decodedHeader != null) {
                try {
                    decodedLength = Long.parseLong(decodedHeader.strip());
                } catch (NumberFormatException e) {
                    decodedLength = -2;
                }
                if (decodedLength < 0) {
                    throw new S3Exception(S3Error.INVALID_ARGUMENT, "x-amz-decoded-content-length is not valid")
                            .with("ArgumentName", "x-amz-decoded-content-length")
                            .with("ArgumentValue", decodedHeader);
                }
            }
        }
        return new Authenticated(request.body(), accessKey, mode, decode, chunked, decodedLength,
                request.contentLength(), mode == PayloadMode.SHA256_DIGEST ? contentSha256 : null,
                mode.signedChunks() ? signer : null);
    }

    private static boolean hasAwsChunkedEncoding(Headers headers) {
        for (String v : headers.getAll("content-encoding")) {
            for (String token : v.split(",")) {
                if (token.strip().equalsIgnoreCase("aws-chunked")) return true;
            }
        }
        return false;
    }

    private static final class Authenticated implements AuthenticatedRequest {
        private final InputStream body;
        private final String accessKey;
        private final PayloadMode mode;
        private final boolean decode;
        private final boolean chunked;
        private final long decodedLength;
        private final long contentLength;
        private final String sha256Hex;
        private final ChunkSigner signer;
        private AwsChunkedInputStream chunkedStream;
        private boolean payloadTaken;

        Authenticated(InputStream body, String accessKey, PayloadMode mode, boolean decode, boolean chunked,
                      long decodedLength, long contentLength, String sha256Hex, ChunkSigner signer) {
            this.body = body == null ? InputStream.nullInputStream() : body;
            this.accessKey = accessKey;
            this.mode = mode;
            this.decode = decode;
            this.chunked = chunked;
            this.decodedLength = decodedLength;
            this.contentLength = contentLength;
            this.sha256Hex = sha256Hex;
            this.signer = signer;
        }

        @Override
        public String accessKey() {
            return accessKey;
        }

        @Override
        public synchronized InputStream payload() {
            if (payloadTaken) throw new IllegalStateException("payload() may be called once");
            payloadTaken = true;
            if (decode) {
                chunkedStream = new AwsChunkedInputStream(body, signer, mode.trailer() || !mode.streaming(),
                        decodedLength);
                return chunkedStream;
            }
            return new VerifyingInputStream(body, sha256Hex, contentLength);
        }

        @Override
        public long decodedContentLength() {
            return decodedLength;
        }

        @Override
        public synchronized Headers trailers() {
            return chunkedStream != null && chunkedStream.complete() ? chunkedStream.trailers() : new Headers();
        }

        @Override
        public boolean awsChunked() {
            return chunked;
        }

        @Override
        public String toString() {
            return "AuthenticatedRequest[" + (accessKey == null ? "anonymous" : accessKey) + ", " + mode + "]";
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Parsing helpers

    /** A parsed credential: access key and scope date/region/service/aws4_request. */
    private record Scope(String accessKey, String date, String region, String service) {
        String scope() {
            return date + "/" + region + "/" + service + "/" + SigV4.TERMINATOR;
        }
    }

    private static Scope parseCredential(String credential, S3Error err) {
        String[] parts = credential.split("/", -1);
        if (parts.length < 5) {
            throw new S3Exception(err, err == S3Error.AUTHORIZATION_HEADER_MALFORMED
                    ? "The authorization header is malformed; the Credential is mal-formed; expecting "
                    + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."
                    : "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "
                    + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        int n = parts.length;
        String accessKey = String.join("/", java.util.Arrays.copyOfRange(parts, 0, n - 4));
        String date = parts[n - 4];
        String region = parts[n - 3];
        String service = parts[n - 2];
        String terminator = parts[n - 1];
        String prefix = err == S3Error.AUTHORIZATION_HEADER_MALFORMED
                ? "The authorization header is malformed; " : "Error parsing the X-Amz-Credential parameter; ";
        if (accessKey.isEmpty()) throw new S3Exception(err, prefix + "the access key is empty.");
        if (date.length() != 8 || !date.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new S3Exception(err, prefix + "incorrect date format \"" + date
                    + "\". This date in the credential must be in the format \"yyyyMMdd\".");
        }
        if (region.isEmpty()) throw new S3Exception(err, prefix + "the region is empty.");
        if (!service.equals("s3")) {
            throw new S3Exception(err, prefix + "incorrect service \"" + service
                    + "\". This endpoint belongs to \"s3\".");
        }
        if (!terminator.equals(SigV4.TERMINATOR)) {
            throw new S3Exception(err, prefix + "incorrect terminal \"" + terminator
                    + "\". This endpoint uses \"aws4_request\".");
        }
        return new Scope(accessKey, date, region, service);
    }

    private static List<String> parseSignedHeaders(String text, S3Error err) {
        List<String> out = new ArrayList<>();
        for (String h : text.split(";")) {
            String name = h.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) out.add(name);
        }
        if (out.isEmpty()) throw new S3Exception(err, "SignedHeaders is empty.");
        return out;
    }

    private static Instant requestTime(Headers headers) {
        String amz = headers.get("x-amz-date");
        try {
            if (amz != null) return parseAmzDate(amz.strip());
            String date = headers.get("date");
            if (date != null) {
                return ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new S3Exception(S3Error.ACCESS_DENIED, DATE_REQUIRED);
        }
        throw new S3Exception(S3Error.ACCESS_DENIED, DATE_REQUIRED);
    }

    private static Instant parseAmzDate(String s) {
        if (s.length() != 16) throw new DateTimeParseException("not yyyyMMdd'T'HHmmss'Z'", s, 0);
        return Instant.from(AMZ_DATE.parse(s));
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return i;
        }
        return -1;
    }

    private static S3Exception malformed(String message) {
        return new S3Exception(S3Error.AUTHORIZATION_HEADER_MALFORMED, message);
    }

    private String secretFor(String accessKey) {
        Optional<String> secret = credentials.secretKeyFor(accessKey);
        if (secret.isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ACCESS_KEY_ID).with("AWSAccessKeyId", accessKey);
        }
        return secret.get();
    }

    private byte[] signingKey(Scope scope, String secret) {
        String cacheKey = scope.accessKey + "\n" + scope.date + "\n" + scope.region + "\n" + scope.service;
        byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
        synchronized (keys) {
            CachedKey cached = keys.get(cacheKey);
            if (cached != null && MessageDigest.isEqual(cached.secret, secretBytes)) return cached.key;
        }
        byte[] key = SigV4.signingKey(secret, scope.date, scope.region, scope.service);
        synchronized (keys) {
            keys.put(cacheKey, new CachedKey(secretBytes, key));
            keyDerivations++;
        }
        return key;
    }

    /** Number of signing keys derived (not served from the cache); for tests. */
    long keyDerivations() {
        synchronized (keys) {
            return keyDerivations;
        }
    }

    /** Number of cached signing keys; for tests. */
    int cachedKeys() {
        synchronized (keys) {
            return keys.size();
        }
    }
}
