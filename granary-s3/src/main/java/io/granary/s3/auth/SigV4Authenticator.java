package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.internal.AwsChunkedInputStream;
import io.granary.s3.auth.internal.ChunkSigner;
import io.granary.s3.auth.internal.SigV2;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies AWS Signature Version 4 (Authorization header and presigned query forms) and sets up verification of the
 * payload (hex x-amz-content-sha256, aws-chunked with signed or unsigned chunks and trailers). Also verifies the legacy
 * Signature Version 2 in both of its forms: {@code Authorization: AWS AccessKey:Signature} and the query string
 * {@code ?AWSAccessKeyId=..&Expires=<epoch seconds>&Signature=..} (what aws-cli v1 {@code s3 presign} produces).
 *
 * <p>SigV2 signs a CanonicalizedResource that, for a virtual-host style request, starts with "/" + the bucket named
 * by the Host. The authenticator only knows that bucket when it is given the base domains (the
 * {@link #SigV4Authenticator(Credentials, Clock, List) three-argument constructor}); without them every SigV2 request
 * is treated as path style (resource = the path as sent), and virtual-host style SigV2 requests fail with
 * SignatureDoesNotMatch. It never guesses a bucket from the Host: a guessed prefix would let a signature for
 * {@code /a/b/c} be replayed for bucket {@code b}. CNAME-style hosts (the whole Host is the bucket) are not supported.
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
    /** Compiled once: String.split with this regex would compile it on every request. */
    private static final java.util.regex.Pattern AUTH_TOKEN_SEPARATOR = java.util.regex.Pattern.compile("[,\\s]+");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String DATE_REQUIRED = "AWS authentication requires a valid Date or x-amz-date header";
    private static final String ONE_MECHANISM = "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
            + "parameter, Signature query string parameter or the Authorization header should be specified";
    private static final String V2_QUERY_INCOMPLETE =
            "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters";

    private final Credentials credentials;
    private final Clock clock;
    private final List<String> domains;
    private final Map<String, CachedKey> keys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CachedKey> eldest) {
            return size() > KEY_CACHE_SIZE;
        }
    };
    private long keyDerivations;

    private record CachedKey(byte[] secret, byte[] key) {}

    /** An authenticator that treats every SigV2 request as path style (see the class comment). */
    public SigV4Authenticator(Credentials credentials, Clock clock) {
        this(credentials, clock, List.of());
    }

    /**
     * @param domains base domains for virtual-host style addressing (as in the server settings; empty for path style
     *                only). Used only by SigV2, whose signed resource includes the bucket from the Host.
     */
    public SigV4Authenticator(Credentials credentials, Clock clock, List<String> domains) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<String> d = new ArrayList<>();
        for (String domain : Objects.requireNonNull(domains, "domains")) {
            String s = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
            if (!s.isEmpty()) d.add(s);
        }
        this.domains = List.copyOf(d);
    }

    /**
     * Authenticates {@code request}.
     *
     * @throws S3Exception AuthorizationHeaderMalformed, AuthorizationQueryParametersError, InvalidAccessKeyId,
     *                     SignatureDoesNotMatch, RequestTimeTooSkewed, AccessDenied (missing date, expired URL,
     *                     incomplete SigV2 query parameters), InvalidRequest (missing x-amz-content-sha256, a signed
     *                     streaming payload under SigV2), InvalidArgument, NotImplemented (SigV4a)
     */
    public AuthenticatedRequest authenticate(S3Request request) {
        Headers headers = request.headers();
        String authorization = headers.get("authorization");
        QueryString query = QueryString.parse(request.rawQuery());
        boolean presigned = query.has("X-Amz-Algorithm") || query.has("X-Amz-Credential")
                || query.has("X-Amz-Signature");
        boolean v2Query = query.has("AWSAccessKeyId") || query.has("Signature");
        if (authorization != null && (presigned || v2Query)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, ONE_MECHANISM);
        }
        if (authorization != null) return headerAuth(request, authorization);
        if (presigned) return presignedAuth(request, query);
        if (v2Query) return v2QueryAuth(request, query);
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
        if (scheme.equals("AWS")) return v2HeaderAuth(request, authorization, sp < 0 ? "" : auth.substring(sp));
        if (!scheme.equals(SigV4.ALGORITHM)) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Unsupported Authorization Type")
                    .with("ArgumentName", "Authorization").with("ArgumentValue", authorization);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (sp >= 0) {
            for (String token : AUTH_TOKEN_SEPARATOR.split(auth.substring(sp))) {
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
    // Signature Version 2

    /** {@code Authorization: AWS AccessKey:Signature}; {@code credentials} is what follows "AWS". */
    private AuthenticatedRequest v2HeaderAuth(S3Request request, String authorization, String credentials) {
        String creds = credentials.strip();
        int colon = creds.lastIndexOf(':');
        if (colon <= 0 || colon == creds.length() - 1) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT,
                    "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature")
                    .with("ArgumentName", "Authorization").with("ArgumentValue", authorization);
        }
        String accessKey = creds.substring(0, colon).strip();
        String signature = creds.substring(colon + 1).strip();

        Headers headers = request.headers();
        String amzDate = headers.get("x-amz-date");
        String date = headers.get("date");
        Instant time = v2RequestTime(amzDate != null ? amzDate : date);
        String secret = secretFor(accessKey);
        Instant now = clock.instant();
        if (Duration.between(time, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new S3Exception(S3Error.REQUEST_TIME_TOO_SKEWED)
                    .with("RequestTime", amzDate != null ? amzDate : date)
                    .with("ServerTime", DateTimeFormatter.ISO_INSTANT.format(now))
                    .with("MaxAllowedSkewMilliseconds", Long.toString(MAX_SKEW.toMillis()));
        }

        List<Map.Entry<String, String>> amzEntries = headers.entries();
        String amzHeaders = SigV2.canonicalAmzHeaders(amzEntries);
        // (Date line, CanonicalizedAmzHeaders) pairs, the documented one first.
        List<String[]> timeLines = new ArrayList<>(3);
        if (amzDate == null) {
            timeLines.add(new String[] {date.strip(), amzHeaders});
        } else {
            // Documented: x-amz-date overrides Date; the Date line is empty and x-amz-date is signed as an amz header.
            timeLines.add(new String[] {"", amzHeaders});
            // The documentation's own DELETE example instead puts x-amz-date's value on the Date line.
            List<Map.Entry<String, String>> withoutDate = new ArrayList<>(amzEntries);
            withoutDate.removeIf(e -> e.getKey().equals("x-amz-date"));
            timeLines.add(new String[] {amzDate.strip(), SigV2.canonicalAmzHeaders(withoutDate)});
            // Some clients send both and sign Date as well as x-amz-date.
            if (date != null) timeLines.add(new String[] {date.strip(), amzHeaders});
        }
        verifyV2(request, accessKey, secret, signature, headers.get("content-md5"), headers.get("content-type"),
                timeLines);
        return v2Authenticated(request, accessKey);
    }

    /** {@code ?AWSAccessKeyId=..&Expires=..&Signature=..}. */
    private AuthenticatedRequest v2QueryAuth(S3Request request, QueryString query) {
        String accessKey = query.get("AWSAccessKeyId");
        String signature = query.get("Signature");
        String expires = query.get("Expires");
        if (accessKey == null || signature == null || expires == null || accessKey.isEmpty()) {
            throw new S3Exception(S3Error.ACCESS_DENIED, V2_QUERY_INCOMPLETE);
        }
        // Base64 never contains a space: a '+' the client left unencoded was decoded as one.
        signature = signature.replace(' ', '+');
        long expiresSeconds;
        try {
            expiresSeconds = Long.parseLong(expires.strip());
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Invalid date (should be seconds since epoch): " + expires);
        }
        String secret = secretFor(accessKey);
        Instant now = clock.instant();
        if (expiresSeconds < now.getEpochSecond() || (expiresSeconds == now.getEpochSecond() && now.getNano() > 0)) {
            throw new S3Exception(S3Error.EXPIRED_REQUEST)
                    .with("Expires", epochToIso(expiresSeconds))
                    .with("ServerTime", DateTimeFormatter.ISO_INSTANT.format(now));
        }

        Headers headers = request.headers();
        // botocore moves x-amz-* headers (x-amz-security-token ...), Content-Type and Content-MD5 of what it presigns
        // into the query string; they are signed as if they were headers.
        List<Map.Entry<String, String>> amzEntries = new ArrayList<>(headers.entries());
        for (Map.Entry<String, String> e : query.entries()) {
            if (e.getKey().toLowerCase(Locale.ROOT).startsWith("x-amz-")) amzEntries.add(e);
        }
        String contentMd5 = headers.contains("content-md5") ? headers.get("content-md5") : query.get("content-md5");
        String contentType = headers.contains("content-type") ? headers.get("content-type") : query.get("content-type");
        List<String[]> timeLines = List.<String[]>of(new String[] {expires, SigV2.canonicalAmzHeaders(amzEntries)});
        verifyV2(request, accessKey, secret, signature, contentMd5, contentType, timeLines);
        return v2Authenticated(request, accessKey);
    }

    /**
     * Checks {@code provided} against every acceptable StringToSign: each (Date line, amz headers) pair of
     * {@code timeLines} with each acceptable CanonicalizedResource. The alternatives differ only in how the same
     * request is spelled (escaping of the path, '+' in values, {@code ?uploads} vs {@code ?uploads=}, where the
     * date goes), never in what it addresses or does.
     */
    private void verifyV2(S3Request request, String accessKey, String secret, String provided, String contentMd5,
                          String contentType, List<String[]> timeLines) {
        String md5 = contentMd5 == null ? "" : contentMd5.strip();
        String type = contentType == null ? "" : contentType.strip();
        Set<String> candidates = new LinkedHashSet<>();
        for (String[] t : timeLines) {
            for (String resource : v2Resources(request)) {
                candidates.add(SigV2.stringToSign(request.method(), md5, type, t[0], t[1], resource));
            }
        }
        String first = null;
        boolean match = false;
        for (String stringToSign : candidates) {
            // Evaluate every candidate so that the time taken does not depend on which one matched.
            match |= SigV2.signaturesEqual(SigV2.signature(secret, stringToSign), provided);
            if (first == null) first = stringToSign;
        }
        if (match) return;
        throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH)
                .with("AWSAccessKeyId", accessKey)
                .with("StringToSign", first)
                .with("SignatureProvided", provided)
                .with("StringToSignBytes", SigV2.hexBytes(first));
    }

    /** The acceptable CanonicalizedResource strings of {@code request}, the canonical one first. */
    private List<String> v2Resources(S3Request request) {
        String prefix = hostBucket(request.host());
        prefix = prefix == null ? "" : "/" + prefix;
        String rawPath = request.rawPath() == null || request.rawPath().isEmpty() ? "/" : request.rawPath();
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();
        List<String> paths = new ArrayList<>(2);
        paths.add(rawPath);
        String reencoded = SigV4.canonicalUri(rawPath);
        if (!reencoded.equals(rawPath)) paths.add(reencoded);
        boolean plus = SigV2.subResourceHasPlus(rawQuery);
        boolean empty = SigV2.subResourceHasEmptyValue(rawQuery);
        Set<String> out = new LinkedHashSet<>();
        for (String path : paths) {
            out.add(SigV2.canonicalResource(prefix, path, rawQuery, false, false));
            if (plus) out.add(SigV2.canonicalResource(prefix, path, rawQuery, true, false));
            if (empty) out.add(SigV2.canonicalResource(prefix, path, rawQuery, false, true));
            if (plus && empty) out.add(SigV2.canonicalResource(prefix, path, rawQuery, true, true));
        }
        return new ArrayList<>(out);
    }

    /** The bucket a virtual-host style Host names under one of the configured domains, or null (path style). */
    private String hostBucket(String host) {
        if (host == null || domains.isEmpty()) return null;
        String h = host.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) h = h.substring(0, colon);
        for (String d : domains) {
            if (h.length() > d.length() + 1 && h.endsWith("." + d)) return h.substring(0, h.length() - d.length() - 1);
        }
        return null;
    }

    /**
     * The payload of a SigV2 request: as is, or verified against a hex x-amz-content-sha256 (which SigV2 signs as an
     * amz header). Signed aws-chunked streaming needs a SigV4 seed signature, so it is refused.
     */
    private static AuthenticatedRequest v2Authenticated(S3Request request, String accessKey) {
        String contentSha256 = request.headers().get("x-amz-content-sha256");
        if (contentSha256 == null) {
            return authenticated(request, accessKey, PayloadMode.UNSIGNED, SigV4.UNSIGNED_PAYLOAD, null);
        }
        contentSha256 = contentSha256.strip();
        PayloadMode mode = PayloadMode.of(contentSha256);
        if (mode.signedChunks()) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "A signed streaming payload (" + contentSha256
                    + ") requires AWS Signature Version 4.");
        }
        return authenticated(request, accessKey, mode, contentSha256, null);
    }

    private static Instant v2RequestTime(String value) {
        if (value == null) throw new S3Exception(S3Error.ACCESS_DENIED, DATE_REQUIRED);
        try {
            return SigV2.parseDate(value);
        } catch (DateTimeParseException e) {
            throw new S3Exception(S3Error.ACCESS_DENIED, DATE_REQUIRED);
        }
    }

    private static String epochToIso(long seconds) {
        try {
            return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds));
        } catch (java.time.DateTimeException e) {
            return Long.toString(seconds);
        }
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
