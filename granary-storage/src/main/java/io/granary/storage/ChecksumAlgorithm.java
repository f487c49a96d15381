package io.granary.storage;

/** The additional checksums S3 knows. Values are stored base64-encoded, exactly as S3 returns them. */
public enum ChecksumAlgorithm {
    CRC32, CRC32C, CRC64NVME, SHA1, SHA256
}
