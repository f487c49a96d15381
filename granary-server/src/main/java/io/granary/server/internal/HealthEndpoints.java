package io.granary.server.internal;

import io.granary.s3.http.S3Response;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Liveness and readiness probes, answered before the S3 layer and without authentication:
 * {@code /health/live}, {@code /health/ready}, and MinIO's {@code /minio/health/live} and {@code /minio/health/ready}
 * so existing orchestration keeps working.
 */
final class HealthEndpoints {
    private HealthEndpoints() {}

    static boolean matches(HttpRequest request) {
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) return false;
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        return switch (path) {
            case "/health/live", "/health/ready", "/minio/health/live", "/minio/health/ready" -> true;
            default -> false;
        };
    }

    static S3Response respond(HttpRequest request) {
        return S3Response.ok();
    }
}
