package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.auth.PayloadMode;
import io.granary.s3.http.QueryString;
import io.granary.s3.http.S3Request;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * Verifies a presigned SigV4 URL ({@code ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=..&X-Amz-Date=..
 * &X-Amz-Expires=..&X-Amz-SignedHeaders=..&X-Amz-Signature=..}): the parameters, the credential scope, the validity
 * window (from X-Amz-Date, allowing {@link RequestTimes#MAX_SKEW} early, for X-Amz-Expires seconds, at most
 * {@link RequestTimes#MAX_PRESIGNED_EXPIRES}) and the signature over the query without X-Amz-Signature. The payload
 * is UNSIGNED-PAYLOAD unless X-Amz-Content-Sha256 says otherwise. Malformed parameters fail with
 * AuthorizationQueryParametersError, an expired URL with ExpiredRequest. Thread-safe.
 */
public record SigV4PresignedVerifier(SigningKeys keys, Clock clock) {
    private static final S3Error ERR = S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR;

    public SigV4PresignedVerifier {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(clock, "clock");
    }

    public AuthenticatedRequest verify(S3Request request, QueryString query) {
        String algorithm = query.get("X-Amz-Algorithm");
        String credential = query.get("X-Amz-Credential");
        String date = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        String signedHeadersText = query.get("X-Amz-SignedHeaders");
        String signature = query.get("X-Amz-Signature");
        if (SigV4.ALGORITHM_ECDSA.equals(algorithm)) throw AuthErrors.sigV4aNotSupported();
        if (algorithm == null || credential == null || date == null || expires == null || signedHeadersText == null
                || signature == null) {
            throw new S3Exception(ERR, "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                    + "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires "
                    + "parameters.");
        }
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw new S3Exception(ERR, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        CredentialScope scope = CredentialScope.parse(credential, ERR);
        List<String> signedHeaders = CanonicalRequestVerifier.parseSignedHeaders(signedHeadersText, ERR);
        Instant time;
        try {
            time = SigV4.parseAmzDate(date);
        } catch (DateTimeParseException e) {
            throw new S3Exception(ERR, "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
        }
        long expiresSeconds = expiresSeconds(expires);
        String amzDate = SigV4.formatAmzDate(time);
        if (!scope.dateMatches(amzDate)) {
            throw new S3Exception(ERR, "Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        if (!SigV4.isHexSha256(signature)) {
            throw new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH, "X-Amz-Signature is not a valid signature.");
        }
        String contentSha256 = query.get("X-Amz-Content-Sha256");
        contentSha256 = contentSha256 == null ? SigV4.UNSIGNED_PAYLOAD : contentSha256.strip();
        PayloadMode mode = PayloadMode.of(contentSha256);
        String secret = keys.secretFor(scope.accessKey());
        checkValidity(time, expiresSeconds, clock.instant());

        byte[] signingKey = keys.signingKey(scope, secret);
        CanonicalRequestVerifier.verify(request, signedHeaders, contentSha256, "X-Amz-Signature", amzDate, scope,
                signingKey, signature);
        return PayloadStreams.sigV4(request, scope, mode, contentSha256, signingKey, amzDate, signature);
    }

    /** X-Amz-Expires: 1 to {@link RequestTimes#MAX_PRESIGNED_EXPIRES} seconds. */
    private static long expiresSeconds(String expires) {
        long seconds;
        try {
            seconds = Long.parseLong(expires.strip());
        } catch (NumberFormatException e) {
            throw new S3Exception(ERR, "X-Amz-Expires should be a number");
        }
        if (seconds < 1) throw new S3Exception(ERR, "X-Amz-Expires must be non-negative");
        if (seconds > RequestTimes.MAX_PRESIGNED_EXPIRES) {
            throw new S3Exception(ERR, "X-Amz-Expires must be less than a week (in seconds) that is; the maximum "
                    + "expires is 604800 seconds");
        }
        return seconds;
    }

    /** AccessDenied before {@code time} (less the skew), ExpiredRequest after {@code time + expiresSeconds}. */
    private static void checkValidity(Instant time, long expiresSeconds, Instant now) {
        if (time.isAfter(now.plus(RequestTimes.MAX_SKEW))) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "Request is not valid yet");
        }
        Instant expiry = time.plusSeconds(expiresSeconds);
        if (now.isAfter(expiry)) {
            throw new S3Exception(S3Error.EXPIRED_REQUEST)
                    .with("X-Amz-Expires", Long.toString(expiresSeconds))
                    .with("Expires", RequestTimes.iso(expiry))
                    .with("ServerTime", RequestTimes.iso(now));
        }
    }
}
