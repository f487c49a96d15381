package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.auth.PayloadMode;
import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies a request signed with {@code Authorization: AWS4-HMAC-SHA256 Credential=.., SignedHeaders=..,
 * Signature=..}: the header's parameters, the credential scope, the request time (x-amz-date or Date, within
 * {@link RequestTimes#MAX_SKEW} and on the scope's date), the required x-amz-content-sha256 and the signature. The
 * result reads the payload as that header says (signed chunks are verified against the chain this signature seeds).
 * Malformed headers fail with AuthorizationHeaderMalformed. Thread-safe.
 */
public record SigV4HeaderVerifier(SigningKeys keys, Clock clock) {
    public SigV4HeaderVerifier {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(clock, "clock");
    }

    /** @param authorization the Authorization header, whose scheme is {@link SigV4#ALGORITHM} */
    public AuthenticatedRequest verify(S3Request request, AuthorizationHeader authorization) {
        Map<String, String> fields = authorization.parameters();
        String credential = fields.get("Credential");
        String signedHeadersText = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (credential == null || signedHeadersText == null || signature == null) {
            throw AuthErrors.headerMalformed("The authorization header is malformed; it must contain Credential, "
                    + "SignedHeaders and Signature.");
        }
        S3Error err = S3Error.AUTHORIZATION_HEADER_MALFORMED;
        CredentialScope scope = CredentialScope.parse(credential, err);
        List<String> signedHeaders = CanonicalRequestVerifier.parseSignedHeaders(signedHeadersText, err);
        if (!SigV4.isHexSha256(signature)) {
            throw AuthErrors.headerMalformed("The authorization header is malformed; invalid Signature.");
        }

        Headers headers = request.headers();
        Instant time = RequestTimes.sigV4RequestTime(headers);
        String amzDate = SigV4.formatAmzDate(time);
        if (!scope.dateMatches(amzDate)) {
            throw AuthErrors.headerMalformed("The authorization header is malformed; Invalid credential date. Date "
                    + "is not the same as X-Amz-Date.");
        }
        String contentSha256 = headers.get("x-amz-content-sha256");
        if (contentSha256 == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "Missing required header for this request: x-amz-content-sha256");
        }
        contentSha256 = contentSha256.strip();
        PayloadMode mode = PayloadMode.of(contentSha256);
        String secret = keys.secretFor(scope.accessKey());
        RequestTimes.checkSkew(time, clock.instant(),
                headers.contains("x-amz-date") ? headers.get("x-amz-date") : headers.get("date"));

        byte[] signingKey = keys.signingKey(scope, secret);
        CanonicalRequestVerifier.verify(request, signedHeaders, contentSha256, null, amzDate, scope, signingKey,
                signature);
        return PayloadStreams.sigV4(request, scope, mode, contentSha256, signingKey, amzDate, signature);
    }
}
