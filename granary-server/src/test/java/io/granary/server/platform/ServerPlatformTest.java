package io.granary.server.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-folder server never erasure codes, so it neither probes nor warms up the codec kernels (the Vector kernel's
 * warm-up compiles for seconds after start); with several drives the codec is probed and reported.
 */
class ServerPlatformTest {

    @Test
    void oneFolderDoesNotProbeTheCodec(@TempDir Path dir) {
        ServerPlatform p = ServerPlatform.prepare(new PlatformOptions(), List.of(dir));
        assertThat(p.decisions().codec()).isEqualTo(PlatformDecisions.CODEC_NOT_USED);
    }

    @Test
    void severalDrivesProbeAndReportTheCodec(@TempDir Path dir) {
        ServerPlatform p = ServerPlatform.prepare(new PlatformOptions(), List.of(dir.resolve("a"), dir.resolve("b")));
        assertThat(p.decisions().codec()).matches("(PURE_JAVA|VECTOR|ISA_L) \\(.*").contains("PURE_JAVA available");
    }
}
