package io.granary.server.platform;

import io.granary.server.cli.InfoCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InfoCommandTest {
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new InfoCommand());
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void textShowsReportAndEveryChoiceWithReason(@TempDir Path dir) {
        String text = run(dir.toString());
        assertThat(text).contains("pageSize:", "libc:", "cpuCount:", "vectorApi:", "maxDirectBytes:",
                "dataFolders:", dir.toString(), "allocator:", "reason:", "transport:", "candidates:",
                "codec: ", "PURE_JAVA");
        assertThat(text).containsPattern("kind: (POOLED|ADAPTIVE)");
        assertThat(text).contains("kind: NIO");
    }

    @Test
    void jsonAndOverrides() {
        String json = run("--json", "--pure-java", "--allocator", "unpooled", "--max-buffer-memory", "128m");
        assertThat(json.strip()).startsWith("{").endsWith("}");
        assertThat(json).contains("\"pureJava\": true", "\"kind\": \"UNPOOLED\"", "\"reason\": \"forced by --allocator\"",
                "\"capBytes\": 134217728", "\"capEnforcement\": ", "\"chosen\": \"NIO\"", "\"order\": [\n        \"NIO\"\n      ]");
    }

    @Test
    void transportOverride() {
        String json = run("--json", "--transport", "nio");
        assertThat(json).contains("\"orderReason\": \"forced by --transport\"", "\"chosen\": \"NIO\"");
    }

    @Test
    void rejectsUnknownAllocator() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new InfoCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--allocator", "jemalloc")).isNotZero();
        assertThat(err.toString()).contains("pooled, adaptive or unpooled");
    }

    @Test
    void jsonWriterEscapes() {
        assertThat(Json.write(Map.of("a\"b", java.util.List.of(1, true, "x\ny"))))
                .isEqualTo("{\n  \"a\\\"b\": [\n    1,\n    true,\n    \"x\\ny\"\n  ]\n}");
        assertThat(Json.write(Map.of())).isEqualTo("{}");
    }
}
