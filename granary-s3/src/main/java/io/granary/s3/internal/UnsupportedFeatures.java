package io.granary.s3.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Operation;
import io.granary.s3.http.Headers;

import java.util.Map;

/**
 * Refuses requests that ask for a protection Granary does not provide yet, instead of storing the object without
 * it: public ACLs and grants (AccessControlListNotSupported, as S3 answers for buckets with ACLs disabled),
 * customer-key and KMS encryption (NotImplemented), and object lock on a bucket without it (InvalidRequest).
 * {@code x-amz-server-side-encryption: AES256} is accepted: it asks for nothing a client can observe.
 */
public final class UnsupportedFeatures {
    private UnsupportedFeatures() {}

    public static void check(Operation op, Headers h) {
        switch (op) {
            case PUT_OBJECT, COPY_OBJECT, CREATE_MULTIPART_UPLOAD, CREATE_BUCKET, UPLOAD_PART, UPLOAD_PART_COPY -> { }
            default -> {
                return;
            }
        }
        String acl = h.get("x-amz-acl");
        boolean grants = false;
        for (Map.Entry<String, String> e : h.entries()) {
            if (e.getKey().startsWith("x-amz-grant-")) grants = true;
        }
        if ((acl != null && !acl.equals("private") && !acl.equals("bucket-owner-full-control")) || grants) {
            throw new S3Exception(S3Error.ACCESS_CONTROL_LIST_NOT_SUPPORTED,
                    "The bucket does not allow ACLs: Granary keeps objects private to their owner.");
        }
        if (h.get("x-amz-server-side-encryption-customer-algorithm") != null
                || h.get("x-amz-server-side-encryption-customer-key") != null) {
            throw new S3Exception(S3Error.NOT_IMPLEMENTED,
                    "Server-side encryption with customer-provided keys (SSE-C) is not implemented.");
        }
        String sse = h.get("x-amz-server-side-encryption");
        if (sse != null && !sse.equals("AES256")) {
            if (sse.equals("aws:kms") || sse.equals("aws:kms:dsse")) {
                throw new S3Exception(S3Error.NOT_IMPLEMENTED, "Server-side encryption with KMS is not implemented.");
            }
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "The encryption method specified is not supported")
                    .with("ArgumentName", "x-amz-server-side-encryption").with("ArgumentValue", sse);
        }
        if (op != Operation.CREATE_BUCKET && (h.get("x-amz-object-lock-mode") != null
                || h.get("x-amz-object-lock-retain-until-date") != null
                || h.get("x-amz-object-lock-legal-hold") != null)) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Bucket is missing Object Lock Configuration");
        }
    }
}
