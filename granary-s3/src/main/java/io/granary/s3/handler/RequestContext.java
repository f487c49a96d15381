package io.granary.s3.handler;

import io.granary.s3.auth.AuthenticatedRequest;
import io.granary.s3.http.Headers;
import io.granary.s3.http.QueryString;
import io.granary.s3.http.S3Request;
import io.granary.storage.ObjectStore;

/**
 * Everything a handler needs about one request: where it is addressed (bucket and key, already decoded from the
 * path or host), its query, the authenticated payload, and the store.
 *
 * @param bucket   null for service-level requests
 * @param key      null for bucket-level requests; never empty otherwise
 * @param settings server-wide settings a handler may need (region)
 */
public record RequestContext(S3Request request, Operation operation, String bucket, String key, QueryString query,
                             AuthenticatedRequest auth, ObjectStore store, S3Settings settings) {

    public Headers headers() {
        return request.headers();
    }

    public String header(String name) {
        return request.headers().get(name);
    }

    public String param(String name) {
        return query.get(name);
    }
}
