package io.granary.it.raw;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.RawHttp;
import io.granary.it.support.SignedHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over real HTTP, SigV4-signed by the AWS SDK's signer as an operator's tool would be. */
class AdminApiTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @Test
    void infoReportsEveryPlatformChoice() throws Exception {
        RawHttp.Response r = new SignedHttp(granary).send("GET", "/_admin/v1/info");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.bodyText()).contains("\"pageSize\"", "\"allocator\"", "\"transport\"");
    }

    @Test
    void memoryShowsHeapBuffersAndArenas() throws Exception {
        RawHttp.Response r = new SignedHttp(granary).send("GET", "/_admin/v1/memory");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).contains("\"heap\"", "\"bufferPools\"", "\"bufferAllocator\"", "\"directArenas\"");
    }

    @Test
    void profileReturnsAJfrRecordingAndTheServerKeepsServing() throws Exception {
        RawHttp.Response r = new SignedHttp(granary).query("seconds", "1").send("POST", "/_admin/v1/profile");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(new String(Arrays.copyOf(r.body(), 4), StandardCharsets.ISO_8859_1)).isEqualTo("FLR\0");
        assertThat(new SignedHttp(granary).send("GET", "/").status()).isEqualTo(200);
    }

    @Test
    void heapDumpIsWrittenAndItsPathAnswered() throws Exception {
        RawHttp.Response r = new SignedHttp(granary).send("POST", "/_admin/v1/heapdump");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).contains(".hprof", "\"bytes\"");
    }

    @Test
    void unsignedAdminRequestsAreDenied() throws Exception {
        try (RawHttp c = new RawHttp("127.0.0.1", granary.port())) {
            c.send("GET /_admin/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawHttp.Response r = c.read();
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.bodyText()).contains("<Code>AccessDenied</Code>");
        }
    }
}
