package io.granary.s3.handler;

import java.util.Set;

/**
 * The table of S3 operations Granary routes: each row is (method, target, discriminator), where the discriminator is
 * a sub-resource query parameter and/or a header that must be present. Rows are tried in declaration order within a
 * (method, target) pair, so the more specific rows come first. See {@link Router}.
 */
public enum Operation {
    LIST_BUCKETS("GET", Target.SERVICE, null, null),

    GET_BUCKET_ACL("GET", Target.BUCKET, "acl", null),
    PUT_BUCKET_ACL("PUT", Target.BUCKET, "acl", null),
    GET_BUCKET_LOCATION("GET", Target.BUCKET, "location", null),
    GET_BUCKET_VERSIONING("GET", Target.BUCKET, "versioning", null),
    LIST_MULTIPART_UPLOADS("GET", Target.BUCKET, "uploads", null),
    LIST_OBJECT_VERSIONS("GET", Target.BUCKET, "versions", null),
    LIST_OBJECTS_V2("GET", Target.BUCKET, "list-type", null),
    LIST_OBJECTS("GET", Target.BUCKET, null, null),
    HEAD_BUCKET("HEAD", Target.BUCKET, null, null),
    CREATE_BUCKET("PUT", Target.BUCKET, null, null),
    DELETE_BUCKET("DELETE", Target.BUCKET, null, null),
    DELETE_OBJECTS("POST", Target.BUCKET, "delete", null),

    GET_OBJECT_ACL("GET", Target.OBJECT, "acl", null),
    PUT_OBJECT_ACL("PUT", Target.OBJECT, "acl", null),
    GET_OBJECT_TAGGING("GET", Target.OBJECT, "tagging", null),
    PUT_OBJECT_TAGGING("PUT", Target.OBJECT, "tagging", null),
    DELETE_OBJECT_TAGGING("DELETE", Target.OBJECT, "tagging", null),
    UPLOAD_PART_COPY("PUT", Target.OBJECT, "uploadId", "x-amz-copy-source"),
    UPLOAD_PART("PUT", Target.OBJECT, "uploadId", null),
    COPY_OBJECT("PUT", Target.OBJECT, null, "x-amz-copy-source"),
    PUT_OBJECT("PUT", Target.OBJECT, null, null),
    LIST_PARTS("GET", Target.OBJECT, "uploadId", null),
    GET_OBJECT("GET", Target.OBJECT, null, null),
    HEAD_OBJECT("HEAD", Target.OBJECT, null, null),
    CREATE_MULTIPART_UPLOAD("POST", Target.OBJECT, "uploads", null),
    COMPLETE_MULTIPART_UPLOAD("POST", Target.OBJECT, "uploadId", null),
    ABORT_MULTIPART_UPLOAD("DELETE", Target.OBJECT, "uploadId", null),
    DELETE_OBJECT("DELETE", Target.OBJECT, null, null);

    /**
     * Query parameters that name a sub-resource (a different operation) rather than modify one. A request carrying
     * one that its matched row does not consume is an operation Granary does not implement: NotImplemented.
     */
    public static final Set<String> SUBRESOURCES = Set.of(
            "accelerate", "acl", "analytics", "attributes", "cors", "delete", "encryption", "intelligent-tiering",
            "inventory", "legal-hold", "lifecycle", "location", "logging", "metadataTable", "metrics", "notification",
            "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "replication",
            "requestPayment", "restore", "retention", "select", "session", "tagging", "torrent", "uploadId",
            "uploads", "versioning", "versions", "website", "renameObject");

    private final String method;
    private final Target target;
    private final String subresource;
    private final String requiredHeader;

    Operation(String method, Target target, String subresource, String requiredHeader) {
        this.method = method;
        this.target = target;
        this.subresource = subresource;
        this.requiredHeader = requiredHeader;
    }

    public String method() {
        return method;
    }

    public Target target() {
        return target;
    }

    /** The query parameter that selects this row, or null. */
    public String subresource() {
        return subresource;
    }

    /** The header that selects this row, or null. */
    public String requiredHeader() {
        return requiredHeader;
    }
}
