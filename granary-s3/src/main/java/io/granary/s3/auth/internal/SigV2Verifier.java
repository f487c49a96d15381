package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.http.Headers;
import io.granary.s3.http.QueryString;
import io.granary.s3.http.S3Request;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies the legacy Signature Version 2: {@code Authorization: AWS AccessKey:Signature} (request time within
 * {@link RequestTimes#MAX_SKEW}) and {@code ?AWSAccessKeyId=..&Expires=<epoch seconds>&Signature=..} (not expired).
 * Every acceptable StringToSign is computed and compared, so that clients that spell the same request differently
 * (escaping, '+', {@code ?uploads=}, where the date goes) match; the alternatives never differ in what the request
 * addresses or does. The payload is read as is or checked against a hex x-amz-content-sha256; signed aws-chunked
 * streaming needs a SigV4 seed signature and is refused.
 *
 * <p>The CanonicalizedResource of a virtual-host style request starts with "/" + the bucket the Host names under one
 * of the configured base domains; with none configured every request is path style. The bucket is never guessed from
 * the Host. Thread-safe.
 */
public final class SigV2Verifier {
    private static final String QUERY_INCOMPLETE =
            "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters";

    private final SigningKeys keys;
    private final Clock clock;
    private final List<String> domains;

    /** @param domains base domains for virtual-host style addressing; blank entries are ignored */
    public SigV2Verifier(SigningKeys keys, Clock clock, List<String> domains) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<String> d = new ArrayList<>();
        for (String domain : Objects.requireNonNull(domains, "domains")) {
            String s = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
            if (!s.isEmpty()) d.add(s);
        }
        this.domains = List.copyOf(d);
    }

    /** {@code Authorization: AWS AccessKey:Signature}; the header's scheme is "AWS". */
    public AuthenticatedRequest verifyHeader(S3Request request, AuthorizationHeader authorization) {
        String creds = authorization.rest().strip();
        int colon = creds.lastIndexOf(':');
        if (colon <= 0 || colon == creds.length() - 1) {
            throw AuthErrors.invalidArgument("AWS authorization header is invalid.  Expected AwsAccessKeyId:signature",
                    "Authorization", authorization.value());
        }
        String accessKey = creds.substring(0, colon).strip();
        String signature = creds.substring(colon + 1).strip();

        Headers headers = request.headers();
        String amzDate = headers.get("x-amz-date");
        String date = headers.get("date");
        Instant time = RequestTimes.sigV2RequestTime(amzDate != null ? amzDate : date);
        String secret = keys.secretFor(accessKey);
        RequestTimes.checkSkew(time, clock.instant(), amzDate != null ? amzDate : date);

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
        verify(request, accessKey, secret, signature, headers.get("content-md5"), headers.get("content-type"),
                timeLines);
        return authenticated(request, accessKey);
    }

    /** {@code ?AWSAccessKeyId=..&Expires=..&Signature=..}. */
    public AuthenticatedRequest verifyQuery(S3Request request, QueryString query) {
        String accessKey = query.get("AWSAccessKeyId");
        String signature = query.get("Signature");
        String expires = query.get("Expires");
        if (accessKey == null || signature == null || expires == null || accessKey.isEmpty()) {
            throw new S3Exception(S3Error.ACCESS_DENIED, QUERY_INCOMPLETE);
        }
        // Base64 never contains a space: a '+' the client left unencoded was decoded as one.
        signature = signature.replace(' ', '+');
        long expiresSeconds;
        try {
            expiresSeconds = Long.parseLong(expires.strip());
        } catch (NumberFormatException e) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Invalid date (should be seconds since epoch): " + expires);
        }
        String secret = keys.secretFor(accessKey);
        Instant now = clock.instant();
        if (expiresSeconds < now.getEpochSecond() || (expiresSeconds == now.getEpochSecond() && now.getNano() > 0)) {
            throw new S3Exception(S3Error.EXPIRED_REQUEST)
                    .with("Expires", RequestTimes.epochToIso(expiresSeconds))
                    .with("ServerTime", RequestTimes.iso(now));
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
        verify(request, accessKey, secret, signature, contentMd5, contentType, timeLines);
        return authenticated(request, accessKey);
    }

    /**
     * Checks {@code provided} against every acceptable StringToSign: each (Date line, amz headers) pair of
     * {@code timeLines} with each acceptable CanonicalizedResource.
     */
    private void verify(S3Request request, String accessKey, String secret, String provided, String contentMd5,
                        String contentType, List<String[]> timeLines) {
        String md5 = contentMd5 == null ? "" : contentMd5.strip();
        String type = contentType == null ? "" : contentType.strip();
        Set<String> candidates = new LinkedHashSet<>();
        for (String[] t : timeLines) {
            for (String resource : resources(request)) {
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
        throw AuthErrors.signatureDoesNotMatch(accessKey, first, provided)
                .with("StringToSignBytes", SigV2.hexBytes(first));
    }

    /** The acceptable CanonicalizedResource strings of {@code request}, the canonical one first. */
    private List<String> resources(S3Request request) {
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

    private static AuthenticatedRequest authenticated(S3Request request, String accessKey) {
        return PayloadStreams.withoutSeedSignature(request, accessKey, S3Error.INVALID_REQUEST,
                "AWS Signature Version 4");
    }
}
