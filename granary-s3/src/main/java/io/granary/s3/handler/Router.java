package io.granary.s3.handler;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.Headers;
import io.granary.s3.http.QueryString;

import java.util.Map;

/**
 * Resolves a request to exactly one {@link Operation}, or fails with NotImplemented (an unknown sub-resource or
 * combination) or MethodNotAllowed (a method S3 never accepts on that target). Never falls through to a default.
 */
public final class Router {
    private Router() {}

    public static Operation resolve(String method, Target target, QueryString query, Headers headers) {
        boolean methodKnown = false;
        for (Operation op : Operation.values()) {
            if (op.target() != target || !op.method().equals(method)) continue;
            methodKnown = true;
            if (op.subresource() != null && !query.has(op.subresource())) continue;
            if (op.requiredHeader() != null && headers.get(op.requiredHeader()) == null) continue;
            String unconsumed = unconsumedSubresource(query, op);
            if (unconsumed != null) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                        "Granary does not implement the '" + unconsumed + "' sub-resource for " + method + " yet.");
            }
            return op;
        }
        if (!methodKnown && !isHttpMethodS3Knows(method)) {
            throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
        throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                "Granary does not implement " + method + " on this " + target.name().toLowerCase() + " request.");
    }

    private static String unconsumedSubresource(QueryString query, Operation op) {
        for (Map.Entry<String, String> e : query.entries()) {
            String name = e.getKey();
            if (name.equals(op.subresource())) continue;
            // GET/HEAD object with ?partNumber and ?versionId are modifiers, not sub-resources; so is
            // uploadId on the part operations (consumed above) and versionId=null everywhere.
            if (Operation.SUBRESOURCES.contains(name)) return name;
        }
        return null;
    }

    private static boolean isHttpMethodS3Knows(String method) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS" -> true;
            default -> false;
        };
    }
}
