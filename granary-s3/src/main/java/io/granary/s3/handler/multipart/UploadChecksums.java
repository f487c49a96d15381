package io.granary.s3.handler.multipart;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.checksum.Checksums;
import io.granary.s3.http.Headers;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;

import java.util.Locale;

/**
 * The additional checksum a multipart upload is created with: {@code x-amz-checksum-algorithm} and
 * {@code x-amz-checksum-type} (FULL_OBJECT or COMPOSITE) of CreateMultipartUpload, with S3's rules:
 * <ul>
 *   <li>no algorithm → no checksum; a type without an algorithm → InvalidRequest;</li>
 *   <li>an unknown algorithm or type → InvalidRequest;</li>
 *   <li>the default type is FULL_OBJECT for CRC64NVME and COMPOSITE for the others;</li>
 *   <li>CRC64NVME is FULL_OBJECT only, SHA1 and SHA256 are COMPOSITE only (else InvalidRequest); CRC32 and CRC32C
 *       allow both.</li>
 * </ul>
 *
 * @param algorithm null for none
 * @param type      null exactly when algorithm is null
 */
record UploadChecksums(ChecksumAlgorithm algorithm, ChecksumType type) {
    static final UploadChecksums NONE = new UploadChecksums(null, null);

    static UploadChecksums fromHeaders(Headers h) {
        String algHeader = h.get("x-amz-checksum-algorithm");
        String typeHeader = h.get("x-amz-checksum-type");
        if (algHeader == null || algHeader.isBlank()) {
            if (typeHeader != null && !typeHeader.isBlank()) {
                throw new S3Exception(S3Error.INVALID_REQUEST,
                        "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.");
            }
            return NONE;
        }
        ChecksumAlgorithm alg = Checksums.parseAlgorithm(algHeader);
        if (alg == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Checksum algorithm provided is unsupported. Please try "
                    + "again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
        }
        ChecksumType type;
        if (typeHeader == null || typeHeader.isBlank()) {
            type = alg == ChecksumAlgorithm.CRC64NVME ? ChecksumType.FULL_OBJECT : ChecksumType.COMPOSITE;
        } else {
            try {
                type = ChecksumType.valueOf(typeHeader.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new S3Exception(S3Error.INVALID_REQUEST, "Value for x-amz-checksum-type header is invalid.");
            }
        }
        boolean allowed = switch (alg) {
            case CRC64NVME -> type == ChecksumType.FULL_OBJECT;
            case SHA1, SHA256 -> type == ChecksumType.COMPOSITE;
            case CRC32, CRC32C -> true;
        };
        if (!allowed) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "The " + type.name() + " checksum type cannot be used with the "
                    + alg.name().toLowerCase(Locale.ROOT) + " checksum algorithm.");
        }
        return new UploadChecksums(alg, type);
    }
}
