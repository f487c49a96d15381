package io.granary.s3.checksum;

import java.nio.ByteBuffer;

/** A checksum or digest computed incrementally over a stream of segments. Not thread-safe. */
public interface StreamingChecksum {
    /** Consumes all remaining bytes of {@code data} without changing its position. */
    void update(ByteBuffer data);

    /** The checksum's bytes (big-endian for CRCs, as S3 encodes them). Ends the computation. */
    byte[] finish();
}
