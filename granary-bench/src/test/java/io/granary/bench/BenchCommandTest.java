package io.granary.bench;

import io.granary.bench.internal.Workload;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BenchCommandTest {

    @Test
    void parsesOptionsAndDefaults() {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs("-w", "GET", "--size", "64MiB", "-c", "4", "-d", "500ms", "--warmup", "PT2S");
        assertThat(cmd.workload).isEqualTo(Workload.GET);
        assertThat(cmd.size).isEqualTo(64L << 20);
        assertThat(cmd.concurrency).isEqualTo(4);
        assertThat(cmd.duration).isEqualTo(Duration.ofMillis(500));
        assertThat(cmd.warmup).isEqualTo(Duration.ofSeconds(2));
        assertThat(cmd.accessKey).isEqualTo("granaryadmin");
        assertThat(cmd.secretKey).isEqualTo("granaryadmin");
        assertThat(cmd.bucket).isEqualTo("granary-bench");
    }

    @Test
    void helpRendersWithoutPicocliWarnings() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        String usage;
        try {
            usage = new CommandLine(new BenchCommand()).getUsageMessage();
        } finally {
            System.setErr(old);
        }
        assertThat(usage).contains("45% GET").contains("--concurrency").contains("--json");
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    @Test
    void presignNeedsNoServer() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BenchCommand cmd = new BenchCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        int rc = new CommandLine(cmd).execute("--endpoint", "http://127.0.0.1:19099", "--no-prepare", "--bucket",
                "bkt", "--presign", "3");
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("http://127.0.0.1:19099/bkt/obj-00000003?")
                .contains("X-Amz-Signature=");
    }
}
