package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

import java.time.Instant;

/**
 * The S3 errors that request authentication answers with more than once, built in one place so that their codes,
 * messages and extra elements (and the order of those elements in the error document) stay the same for every
 * mechanism. Each method returns the exception for the caller to throw (or to add elements to). Stateless.
 */
public final class AuthErrors {
    private AuthErrors() {}

    /** The message of AccessDenied when a request has no usable Date or x-amz-date. */
    public static final String DATE_REQUIRED = "AWS authentication requires a valid Date or x-amz-date header";

    /** AuthorizationHeaderMalformed with {@code message}. */
    public static S3Exception headerMalformed(String message) {
        return new S3Exception(S3Error.AUTHORIZATION_HEADER_MALFORMED, message);
    }

    /** InvalidArgument naming the offending argument and its value. */
    public static S3Exception invalidArgument(String message, String argumentName, String argumentValue) {
        return new S3Exception(S3Error.INVALID_ARGUMENT, message)
                .with("ArgumentName", argumentName).with("ArgumentValue", argumentValue);
    }

    /** InvalidArgument: more than one of Authorization, SigV4 query and SigV2 query parameters. */
    public static S3Exception moreThanOneMechanism() {
        return new S3Exception(S3Error.INVALID_ARGUMENT, "Only one auth mechanism allowed; only the X-Amz-Algorithm "
                + "query parameter, Signature query string parameter or the Authorization header should be specified");
    }

    /** NotImplemented: SigV4a request signatures. */
    public static S3Exception sigV4aNotSupported() {
        return new S3Exception(S3Error.NOT_IMPLEMENTED, "SigV4a (AWS4-ECDSA-P256-SHA256) is not supported.");
    }

    /** AccessDenied: no valid Date or x-amz-date. */
    public static S3Exception dateRequired() {
        return new S3Exception(S3Error.ACCESS_DENIED, DATE_REQUIRED);
    }

    /** InvalidAccessKeyId for an access key that has no secret. */
    public static S3Exception invalidAccessKeyId(String accessKey) {
        return new S3Exception(S3Error.INVALID_ACCESS_KEY_ID).with("AWSAccessKeyId", accessKey);
    }

    /**
     * RequestTimeTooSkewed.
     *
     * @param requestTime the request time as the client sent it
     * @param now         our time
     */
    public static S3Exception requestTimeTooSkewed(String requestTime, Instant now) {
        return new S3Exception(S3Error.REQUEST_TIME_TOO_SKEWED)
                .with("RequestTime", requestTime)
                .with("ServerTime", RequestTimes.iso(now))
                .with("MaxAllowedSkewMilliseconds", Long.toString(RequestTimes.MAX_SKEW.toMillis()));
    }

    /**
     * SignatureDoesNotMatch with the elements every signature version reports; the caller adds its own (the
     * CanonicalRequest of SigV4, the StringToSignBytes of SigV2), which come after these.
     */
    public static S3Exception signatureDoesNotMatch(String accessKey, String stringToSign, String provided) {
        return new S3Exception(S3Error.SIGNATURE_DOES_NOT_MATCH)
                .with("AWSAccessKeyId", accessKey)
                .with("StringToSign", stringToSign)
                .with("SignatureProvided", provided);
    }
}
