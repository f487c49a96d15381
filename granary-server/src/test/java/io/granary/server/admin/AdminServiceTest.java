package io.granary.server.admin;

import io.granary.s3.auth.Credentials;
import io.granary.s3.auth.SigV4Authenticator;
import io.granary.s3.http.Headers;
import io.granary.s3.http.ResponseBody;
import io.granary.s3.http.S3Request;
import io.granary.s3.http.S3Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdminServiceTest {
    @TempDir
    Path dir;

    private AdminService service(Diagnostics diagnostics) {
        return new AdminService(new SigV4Authenticator(Credentials.single("root", "rootpassword"), Clock.systemUTC()),
                "root", () -> Map.of("allocator", "ADAPTIVE"), () -> Map.of("heap", 1), diagnostics,
                dir.resolve("diag"), null);
    }

    private static S3Request request(String method, String path, String query) {
        return new S3Request(method, path, query, new Headers(), InputStream.nullInputStream(), 0, "localhost", "RID",
                Instant.now());
    }

    private static String body(S3Response r) {
        return r.body() instanceof ResponseBody.Bytes b ? new String(b.bytes(), StandardCharsets.UTF_8) : "";
    }

    @Test
    void aRuntimeWithoutDiagnosticsAnswers501AndKeepsServing() {
        Diagnostics none = new Diagnostics() {
            @Override
            public void heapDump(Path target) throws Unsupported {
                throw new Unsupported("heap dumps need com.sun.management.HotSpotDiagnosticMXBean");
            }

            @Override
            public void profile(Duration duration, Path target) throws Unsupported {
                throw new Unsupported("JDK Flight Recorder is not in this runtime (module jdk.jfr is missing)");
            }
        };
        AdminService admin = service(none);
        S3Response heap = admin.serve(request("POST", "/_admin/v1/heapdump", ""));
        assertThat(heap.status()).isEqualTo(501);
        assertThat(body(heap)).contains("<Code>NotImplemented</Code>", "HotSpotDiagnosticMXBean");
        S3Response profile = admin.serve(request("POST", "/_admin/v1/profile", "seconds=1"));
        assertThat(profile.status()).isEqualTo(501);
        assertThat(body(profile)).contains("jdk.jfr");
        assertThat(admin.serve(request("GET", "/_admin/v1/info", "")).status()).isEqualTo(200);
    }

    @Test
    void theRealJvmDumpsItsHeapAndRecordsAProfile() throws Exception {
        AdminService admin = service(Diagnostics.ofThisJvm());
        S3Response heap = admin.serve(request("POST", "/_admin/v1/heapdump", ""));
        assertThat(heap.status()).as(body(heap)).isEqualTo(200);
        try (var files = Files.list(dir.resolve("diag"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".hprof"))).singleElement()
                    .satisfies(p -> assertThat(Files.size(p)).isPositive());
        }
        S3Response profile = admin.serve(request("POST", "/_admin/v1/profile", "seconds=1"));
        assertThat(profile.status()).isEqualTo(200);
        ResponseBody.FileSegments jfr = (ResponseBody.FileSegments) profile.body();
        var magic = java.nio.ByteBuffer.allocate(4);
        jfr.segments().getFirst().channel().read(magic, 0);
        assertThat(new String(magic.array(), StandardCharsets.ISO_8859_1)).isEqualTo("FLR\0");
        jfr.owner().close();
    }

    @Test
    void badArgumentsAndUnknownOperationsAreS3Errors() {
        AdminService admin = service(Diagnostics.ofThisJvm());
        assertThat(admin.serve(request("POST", "/_admin/v1/profile", "seconds=0")).status()).isEqualTo(400);
        assertThat(admin.serve(request("POST", "/_admin/v1/profile", "seconds=x")).status()).isEqualTo(400);
        assertThat(admin.serve(request("GET", "/_admin/v1/nope", "")).status()).isEqualTo(501);
    }

    @Test
    void unsignedRequestsAreDenied() {
        S3Response r = service(Diagnostics.ofThisJvm()).handle(request("GET", "/_admin/v1/info", ""));
        assertThat(r.status()).isEqualTo(403);
        assertThat(body(r)).contains("AccessDenied");
    }
}
