package io.granary.s3.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The x-amz-id-2 value: an opaque, per-request token derived from the request id, as S3's host ids are opaque. */
public final class HostIds {
    private HostIds() {}

    public static String forRequest(String requestId) {
        return Base64.getEncoder().encodeToString(("granary/" + requestId).getBytes(StandardCharsets.UTF_8));
    }
}
