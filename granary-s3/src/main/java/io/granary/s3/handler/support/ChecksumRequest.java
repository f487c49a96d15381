package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.http.Headers;
import io.granary.storage.ChecksumAlgorithm;

import java.util.Base64;
import java.util.Map;

/**
 * The additional checksum a client asked for on an upload, read from the request headers before the body:
 * an {@code x-amz-checksum-<alg>} header with its value, an {@code x-amz-trailer: x-amz-checksum-<alg>} whose value
 * arrives after the body, or just {@code x-amz-sdk-checksum-algorithm} (compute and return it).
 *
 * <p>Rejected with InvalidRequest, before any body byte is read: an unknown algorithm in any of the three places,
 * more than one checksum, a header value that is not base64 of the algorithm's length, and an
 * {@code x-amz-sdk-checksum-algorithm} that names another algorithm than the checksum sent.
 *
 * @param algorithm   null when the client asked for no checksum
 * @param headerValue the base64 value from the header, or null
 * @param trailerName the trailer carrying the value (lower-case), or null
 */
public record ChecksumRequest(ChecksumAlgorithm algorithm, String headerValue, String trailerName) {
    private static final String PREFIX = "x-amz-checksum-";

    public static final ChecksumRequest NONE = new ChecksumRequest(null, null, null);

    /** Parses and validates the checksum headers of an upload request. */
    public static ChecksumRequest parse(Headers headers) {
        ChecksumAlgorithm found = null;
        String value = null;
        String trailer = null;
        for (Map.Entry<String, String> e : headers.entries()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX) || isNotAChecksum(name)) continue;
            ChecksumAlgorithm alg = algorithmOf(name);
            if (alg == null) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "Value for " + name + " header is invalid.");
            }
            if (found != null) throw multiple();
            found = alg;
            value = e.getValue();
            if (!isValidValue(alg, value)) throw invalidValue(alg);
        }
        String trailerHeader = headers.get("x-amz-trailer");
        if (trailerHeader != null) {
            for (String part : trailerHeader.split(",")) {
                String name = part.trim().toLowerCase(java.util.Locale.ROOT);
                if (name.isEmpty()) continue;
                ChecksumAlgorithm alg = name.startsWith(PREFIX) && !isNotAChecksum(name) ? algorithmOf(name) : null;
                if (alg == null) {
                    throw new S3Exception(S3Error.INVALID_REQUEST,
                            "The value specified in the x-amz-trailer header is not supported");
                }
                if (found != null) throw multiple();
                found = alg;
                trailer = name;
            }
        }
        String sdk = headers.get("x-amz-sdk-checksum-algorithm");
        if (sdk != null) {
            ChecksumAlgorithm alg = Checksums.parseAlgorithm(sdk);
            if (alg == null || (found != null && found != alg)) {
                throw new S3Exception(S3Error.INVALID_REQUEST,
                        "Value for x-amz-sdk-checksum-algorithm header is invalid.");
            }
            found = alg;
        }
        return found == null ? NONE : new ChecksumRequest(found, value, trailer);
    }

    /**
     * The value the client gave: the header's, or the trailer's (read after EOF). Null when the client only named
     * the algorithm. A declared trailer that did not arrive, or a malformed trailer value, is InvalidRequest.
     */
    public String expectedValue(Headers trailers) {
        if (headerValue != null) return headerValue.trim();
        if (trailerName == null) return null;
        String v = trailers == null ? null : trailers.get(trailerName);
        if (v == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST,
                    "The trailing header " + trailerName + " declared in x-amz-trailer was not sent.");
        }
        if (!isValidValue(algorithm, v)) throw invalidValue(algorithm);
        return v.trim();
    }

    /** True when {@code value} is base64 of exactly the algorithm's raw length. */
    public static boolean isValidValue(ChecksumAlgorithm alg, String value) {
        if (value == null) return false;
        try {
            return Base64.getDecoder().decode(value.trim()).length == Checksums.length(alg);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isNotAChecksum(String name) {
        return name.equals("x-amz-checksum-mode") || name.equals("x-amz-checksum-type")
                || name.equals("x-amz-checksum-algorithm");
    }

    private static ChecksumAlgorithm algorithmOf(String headerName) {
        String suffix = headerName.substring(PREFIX.length());
        ChecksumAlgorithm alg = Checksums.parseAlgorithm(suffix);
        // parseAlgorithm trims and ignores case; header names are already lower-case, so require an exact match.
        return alg != null && Checksums.headerName(alg).equals(headerName) ? alg : null;
    }

    private static S3Exception multiple() {
        return new S3Exception(S3Error.INVALID_REQUEST,
                "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
    }

    static S3Exception invalidValue(ChecksumAlgorithm alg) {
        return new S3Exception(S3Error.INVALID_REQUEST, "Value for " + Checksums.headerName(alg) + " header is invalid.");
    }
}
