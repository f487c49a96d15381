package io.granary.server.internal;

import io.granary.s3.http.S3Request;
import io.granary.s3.http.S3Response;
import io.granary.server.admin.AdminService;

import java.util.function.Function;

/** What a connection runs for each request: the S3 front or the admin API, chosen by path. Blocking. */
interface RequestService {
    S3Response handle(S3Request request);

    /**
     * True when {@link #handle} never waits for {@code request} (a GET or HEAD of an S3 path on an engine whose reads
     * never wait), so the connection may run it on its event loop. The connection has already checked that the
     * request carries no body.
     */
    boolean neverWaits(S3Request request);

    /**
     * Admin paths to {@code admin}, everything else to {@code s3}; reads of S3 paths never wait when
     * {@code readsNeverWait} (the storage engine's promise, see {@code ObjectStore.readsNeverWait}).
     */
    static RequestService routing(Function<S3Request, S3Response> admin, Function<S3Request, S3Response> s3,
                                  boolean readsNeverWait) {
        return new RequestService() {
            @Override
            public S3Response handle(S3Request request) {
                return AdminService.isAdminPath(request.rawPath())
                        ? admin.apply(request) : s3.apply(request);
            }

            @Override
            public boolean neverWaits(S3Request request) {
                String m = request.method();
                return readsNeverWait && (m.equals("GET") || m.equals("HEAD"))
                        && !AdminService.isAdminPath(request.rawPath());
            }
        };
    }
}
