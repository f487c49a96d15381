package io.granary.s3.auth;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.auth.internal.AuthErrors;
import io.granary.s3.auth.internal.AuthorizationHeader;
import io.granary.s3.auth.internal.PayloadStreams;
import io.granary.s3.auth.internal.RequestTimes;
import io.granary.s3.auth.internal.SigV2Verifier;
import io.granary.s3.auth.internal.SigV4;
import io.granary.s3.auth.internal.SigV4HeaderVerifier;
import io.granary.s3.auth.internal.SigV4PresignedVerifier;
import io.granary.s3.auth.internal.SigningKeys;
import io.granary.s3.http.QueryString;
import io.granary.s3.http.S3Request;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
 * <p>This class only picks the mechanism; the verifiers live in {@code io.granary.s3.auth.internal}
 * ({@link SigV4HeaderVerifier}, {@link SigV4PresignedVerifier}, {@link SigV2Verifier}, with {@link PayloadStreams}
 * choosing how the payload is read).
 *
 * <p>Thread-safe; signing keys are cached per access key, date, region and service.
 */
public final class SigV4Authenticator {
    /** Largest difference between the request time and ours that S3 accepts. */
    public static final Duration MAX_SKEW = RequestTimes.MAX_SKEW;
    /** Longest validity of a presigned URL, in seconds (7 days). */
    public static final long MAX_PRESIGNED_EXPIRES = RequestTimes.MAX_PRESIGNED_EXPIRES;

    private final SigningKeys keys;
    private final SigV4HeaderVerifier sigV4Header;
    private final SigV4PresignedVerifier sigV4Presigned;
    private final SigV2Verifier sigV2;

    /** An authenticator that treats every SigV2 request as path style (see the class comment). */
    public SigV4Authenticator(Credentials credentials, Clock clock) {
        this(credentials, clock, List.of());
    }

    /**
     * @param domains base domains for virtual-host style addressing (as in the server settings; empty for path style
     *                only). Used only by SigV2, whose signed resource includes the bucket from the Host.
     */
    public SigV4Authenticator(Credentials credentials, Clock clock, List<String> domains) {
        this.keys = new SigningKeys(Objects.requireNonNull(credentials, "credentials"));
        Objects.requireNonNull(clock, "clock");
        this.sigV4Header = new SigV4HeaderVerifier(keys, clock);
        this.sigV4Presigned = new SigV4PresignedVerifier(keys, clock);
        this.sigV2 = new SigV2Verifier(keys, clock, domains);
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
        String authorization = request.headers().get("authorization");
        QueryString query = QueryString.parse(request.rawQuery());
        boolean presigned = query.has("X-Amz-Algorithm") || query.has("X-Amz-Credential")
                || query.has("X-Amz-Signature");
        boolean v2Query = query.has("AWSAccessKeyId") || query.has("Signature");
        if (authorization != null && (presigned || v2Query)) throw AuthErrors.moreThanOneMechanism();
        if (authorization != null) return headerAuth(request, AuthorizationHeader.parse(authorization));
        if (presigned) return sigV4Presigned.verify(request, query);
        if (v2Query) return sigV2.verifyQuery(request, query);
        return PayloadStreams.withoutSeedSignature(request, null, S3Error.ACCESS_DENIED, "a signed request");
    }

    private AuthenticatedRequest headerAuth(S3Request request, AuthorizationHeader authorization) {
        return switch (authorization.scheme()) {
            case SigV4.ALGORITHM -> sigV4Header.verify(request, authorization);
            case SigV4.ALGORITHM_ECDSA -> throw AuthErrors.sigV4aNotSupported();
            case "AWS" -> sigV2.verifyHeader(request, authorization);
            default -> throw AuthErrors.invalidArgument("Unsupported Authorization Type", "Authorization",
                    authorization.value());
        };
    }

    /** Number of signing keys derived (not served from the cache); for tests. */
    long keyDerivations() {
        return keys.derivations();
    }

    /** Number of cached signing keys; for tests. */
    int cachedKeys() {
        return keys.cached();
    }
}
