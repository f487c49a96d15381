package io.granary.s3.auth.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

import java.util.Arrays;

/**
 * A parsed SigV4 credential {@code <access key>/<yyyyMMdd>/<region>/s3/aws4_request}: who signed, and the scope the
 * signing key was derived for. The access key may itself contain '/'; the last four parts are the scope.
 *
 * @param accessKey the access key (never empty)
 * @param date      the scope date, eight digits
 * @param region    the region (never empty; any value is accepted)
 * @param service   always "s3"
 */
public record CredentialScope(String accessKey, String date, String region, String service) {
    private static final String EXPECTED = "the Credential is mal-formed; expecting "
            + "\"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".";

    /** The scope line of the StringToSign: date/region/service/aws4_request. */
    public String scope() {
        return date + "/" + region + "/" + service + "/" + SigV4.TERMINATOR;
    }

    /**
     * Parses and validates {@code credential}.
     *
     * @param err AuthorizationHeaderMalformed (from the Authorization header) or AuthorizationQueryParametersError
     *            (from X-Amz-Credential): the error to fail with, which also chooses the wording of its message
     * @throws S3Exception {@code err} when the credential is malformed or not for service s3
     */
    public static CredentialScope parse(String credential, S3Error err) {
        String prefix = err == S3Error.AUTHORIZATION_HEADER_MALFORMED
                ? "The authorization header is malformed; " : "Error parsing the X-Amz-Credential parameter; ";
        String[] parts = credential.split("/", -1);
        if (parts.length < 5) throw new S3Exception(err, prefix + EXPECTED);
        int n = parts.length;
        String accessKey = String.join("/", Arrays.copyOfRange(parts, 0, n - 4));
        String date = parts[n - 4];
        String region = parts[n - 3];
        String service = parts[n - 2];
        String terminator = parts[n - 1];
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
        return new CredentialScope(accessKey, date, region, service);
    }

    /** Whether the scope date is the day of {@code amzDate} (yyyyMMdd'T'HHmmss'Z'). */
    public boolean dateMatches(String amzDate) {
        return date.equals(amzDate.substring(0, 8));
    }
}
