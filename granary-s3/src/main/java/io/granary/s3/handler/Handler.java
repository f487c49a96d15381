package io.granary.s3.handler;

import io.granary.s3.http.S3Response;

/** Serves one {@link Operation}. Runs on a virtual thread and may block. Fails by throwing S3Exception (or any
 * exception, which {@link io.granary.s3.S3Errors#from} maps). */
@FunctionalInterface
public interface Handler {
    S3Response handle(RequestContext ctx) throws Exception;
}
