package io.granary.server.internal;

import io.granary.s3.http.S3Request;
import io.granary.s3.http.S3Response;

/** What a connection runs for each request: the S3 front or the admin API, chosen by path. Blocking. */
@FunctionalInterface
interface RequestService {
    S3Response handle(S3Request request);
}
