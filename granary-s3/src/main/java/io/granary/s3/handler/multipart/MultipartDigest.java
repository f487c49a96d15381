package io.granary.s3.handler.multipart;

import io.granary.s3.checksum.Checksums;
import io.granary.s3.checksum.CrcCombine;
import io.granary.s3.checksum.StreamingChecksum;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Computes, part by part in order, what a completed multipart object carries:
 * <ul>
 *   <li>the ETag: {@code hex(MD5(md5(part1) || md5(part2) || ...)) + "-" + count}, from the binary part MD5s;</li>
 *   <li>for a COMPOSITE checksum: {@code base64(alg(raw(part1) || raw(part2) || ...)) + "-" + count};</li>
 *   <li>for a FULL_OBJECT checksum (CRC only): the part CRCs combined ({@link CrcCombine}) into the CRC of the
 *       whole object, without a "-N" suffix.</li>
 * </ul>
 * Memory use is constant: each part's values are folded in as they come.
 */
final class MultipartDigest {
    private final StreamingChecksum md5 = Checksums.md5();
    private final ChecksumAlgorithm algorithm;
    private final ChecksumType type;
    private final StreamingChecksum composite;
    private byte[] fullObject;
    private int count;
    private boolean checksumComplete = true;

    /** {@code algorithm} and {@code type} are both null for an upload without an additional checksum. */
    MultipartDigest(ChecksumAlgorithm algorithm, ChecksumType type) {
        this.algorithm = algorithm;
        this.type = type;
        this.composite = algorithm != null && type == ChecksumType.COMPOSITE ? Checksums.newChecksum(algorithm) : null;
    }

    /**
     * Folds in the next part.
     *
     * @param etagHex        the part's ETag, hex MD5 without quotes
     * @param checksumBase64 the part's checksum in the upload's algorithm, or null if it has none
     * @param size           the part's size in bytes
     * @throws IllegalArgumentException if the ETag is not 32 hex digits
     */
    void add(String etagHex, String checksumBase64, long size) {
        byte[] partMd5 = HexFormat.of().parseHex(etagHex);
        if (partMd5.length != 16) throw new IllegalArgumentException("not an MD5: " + etagHex);
        md5.update(ByteBuffer.wrap(partMd5));
        count++;
        if (algorithm == null) return;
        if (checksumBase64 == null) {
            checksumComplete = false;
            return;
        }
        byte[] raw = Base64.getDecoder().decode(checksumBase64);
        if (composite != null) {
            composite.update(ByteBuffer.wrap(raw));
        } else if (CrcCombine.supports(algorithm)) {
            fullObject = fullObject == null ? raw : CrcCombine.combine(algorithm, fullObject, raw, size);
        } else {
            checksumComplete = false; // FULL_OBJECT is only defined for CRCs; creation rejects other algorithms
        }
    }

    int count() {
        return count;
    }

    /** The multipart ETag, without quotes. Call once. */
    String etag() {
        return Checksums.hex(md5.finish()) + "-" + count;
    }

    /**
     * The object's checksum value ("-N" suffixed when COMPOSITE), or null when the upload has none or a part lacked
     * its checksum. Call once.
     */
    String checksum() {
        if (algorithm == null || !checksumComplete || count == 0) return null;
        if (composite != null) return Checksums.base64(composite.finish()) + "-" + count;
        return fullObject == null ? null : Checksums.base64(fullObject);
    }

    ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    ChecksumType type() {
        return type;
    }
}
