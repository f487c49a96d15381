package io.granary.server.internal;

import io.granary.s3.http.Headers;
import io.granary.s3.http.S3Request;
import io.granary.s3.http.S3Response;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The router: admin paths to the admin API, the rest to S3; only S3 reads may run on the event loop. */
class RequestServiceTest {
    private static final S3Response ADMIN = S3Response.xml(200, new byte[] {1});
    private static final S3Response S3 = S3Response.xml(200, new byte[] {2});

    private static S3Request request(String method, String path) {
        return new S3Request(method, path, "", new Headers(), InputStream.nullInputStream(), 0, "localhost", "RID",
                Instant.EPOCH);
    }

    @Test
    void routesAdminPathsToTheAdminApiAndTheRestToS3() {
        RequestService service = RequestService.routing(r -> ADMIN, r -> S3, true);
        assertThat(service.handle(request("GET", "/_admin/v1/info"))).isSameAs(ADMIN);
        assertThat(service.handle(request("GET", "/_admin"))).isSameAs(ADMIN);
        assertThat(service.handle(request("GET", "/bucket/_admin/key"))).isSameAs(S3);
        assertThat(service.handle(request("PUT", "/bucket/key"))).isSameAs(S3);
    }

    @Test
    void onlyS3ReadsOfAnEngineWhoseReadsNeverWaitNeverWait() {
        RequestService fast = RequestService.routing(r -> ADMIN, r -> S3, true);
        assertThat(fast.neverWaits(request("GET", "/bucket/key"))).isTrue();
        assertThat(fast.neverWaits(request("HEAD", "/bucket/key"))).isTrue();
        assertThat(fast.neverWaits(request("GET", "/"))).isTrue();
        assertThat(fast.neverWaits(request("PUT", "/bucket/key"))).isFalse();
        assertThat(fast.neverWaits(request("DELETE", "/bucket/key"))).isFalse();
        assertThat(fast.neverWaits(request("POST", "/bucket?delete"))).isFalse();
        assertThat(fast.neverWaits(request("GET", "/_admin/v1/info"))).as("admin runs on a virtual thread").isFalse();

        RequestService waits = RequestService.routing(r -> ADMIN, r -> S3, false);
        assertThat(waits.neverWaits(request("GET", "/bucket/key"))).isFalse();
    }
}
