package io.granary.s3.checksum;

import io.granary.storage.ChecksumAlgorithm;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Composite ("checksum of checksums") values of multipart uploads: the algorithm applied to the concatenated raw
 * part checksums, written as base64 + "-" + number of parts. The multipart ETag is the same construction over the
 * parts' MD5s, in hex.
 */
public final class CompositeChecksum {
    private CompositeChecksum() {}

    /** The raw composite checksum of the raw part checksums, in part order. */
    public static byte[] compute(ChecksumAlgorithm algorithm, List<byte[]> partChecksums) {
        return concatenated(Checksums.newChecksum(algorithm), partChecksums);
    }

    /** The value S3 returns, e.g. {@code "uVrxLQ==-3"}. */
    public static String of(ChecksumAlgorithm algorithm, List<byte[]> partChecksums) {
        return Checksums.base64(compute(algorithm, partChecksums)) + "-" + partChecksums.size();
    }

    /** The same from base64-encoded part checksums as clients send them in CompleteMultipartUpload. */
    public static String ofBase64(ChecksumAlgorithm algorithm, List<String> partChecksumsBase64) {
        return of(algorithm, partChecksumsBase64.stream().map(java.util.Base64.getDecoder()::decode).toList());
    }

    /** The multipart ETag (without quotes): hex MD5 of the concatenated raw part MD5s + "-" + number of parts. */
    public static String multipartEtag(List<byte[]> partMd5s) {
        return Checksums.hex(concatenated(Checksums.md5(), partMd5s)) + "-" + partMd5s.size();
    }

    private static byte[] concatenated(StreamingChecksum checksum, List<byte[]> parts) {
        for (byte[] p : parts) checksum.update(ByteBuffer.wrap(p));
        return checksum.finish();
    }
}
