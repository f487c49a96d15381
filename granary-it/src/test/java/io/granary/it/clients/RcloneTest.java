package io.granary.it.clients;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.TestData;
import io.granary.it.support.ToolRunner;
import io.granary.it.support.Tools;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rclone scenario (remote "granary", provider Other, path style), configured only through environment
 * variables and an empty private config file. Each step is its own dynamic test.
 */
class RcloneTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @TempDir
    Path tmp;

    String version;
    ToolRunner runner;
    Path exe;

    final byte[] small = "rclone small file\n".repeat(30).getBytes(StandardCharsets.UTF_8);
    final byte[] big = TestData.bytes(20 * TestData.MIB, 7);

    ToolRunner.Result rclone(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(Arrays.asList(args));
        cmd.addAll(List.of("--retries", "1", "--low-level-retries", "1", "--s3-upload-cutoff", "5M",
                "--s3-chunk-size", "5M", "--contimeout", "10s", "--timeout", "60s"));
        ToolRunner.Result r = runner.run(cmd);
        System.out.println("[" + version + "] " + r.describe());
        return r;
    }

    @TestFactory
    List<DynamicTest> rcloneScenario() throws Exception {
        exe = Tools.require("rclone", Tools.onPath("rclone"));
        version = Tools.version(exe.toString(), "version");
        Path config = Files.writeString(tmp.resolve("rclone.conf"), "");
        runner = new ToolRunner()
                .env(remoteEnv(config))
                .workDir(tmp)
                .timeout(Duration.ofMinutes(3));
        String bucket = GranaryServerExtension.bucketName("rclone");
        String remote = "granary:" + bucket;
        Path local = tmp.resolve("local");
        TestData.writeFile(local.resolve("small.txt"), small);
        TestData.writeFile(local.resolve("empty.bin"), new byte[0]);
        TestData.writeFile(local.resolve("big.bin"), big);
        TestData.writeFile(local.resolve("sub dir/nested + file=1.txt"), "nested".getBytes());

        List<DynamicTest> s = new ArrayList<>();
        s.add(DynamicTest.dynamicTest(version + ": mkdir", () -> {
            rclone("mkdir", remote).assertSuccess();
            String lsd = rclone("lsd", "granary:").assertSuccess().stdout();
            assertThat(lsd).contains(bucket);
        }));
        s.add(DynamicTest.dynamicTest("copy a folder (small, empty, 20 MiB multipart, nested)", () -> {
            rclone("copy", local.toString(), remote + "/dir").assertSuccess();
            List<String> lsf = rclone("lsf", "-R", "--files-only", remote + "/dir").assertSuccess().stdout().lines()
                    .toList();
            assertThat(lsf).containsExactly("big.bin", "empty.bin", "small.txt", "sub dir/nested + file=1.txt");
        }));
        s.add(DynamicTest.dynamicTest("ls shows sizes (ListObjects v1 and v2)", () -> {
            for (String listVersion : List.of("1", "2")) {
                String ls = rclone("ls", remote + "/dir", "--s3-list-version", listVersion).assertSuccess().stdout();
                assertThat(ls.lines().map(String::strip).toList()).as("rclone ls --s3-list-version " + listVersion)
                        .containsExactlyInAnyOrder(big.length + " big.bin", "0 empty.bin", small.length + " small.txt",
                                "6 sub dir/nested + file=1.txt");
            }
        }));
        s.add(DynamicTest.dynamicTest("check compares hashes (incl. the multipart object's stored md5)", () -> {
            ToolRunner.Result r = rclone("check", local.toString(), remote + "/dir");
            r.assertSuccess();
            assertThat(r.stderr()).contains("0 differences found");
            String md5 = rclone("md5sum", remote + "/dir").assertSuccess().stdout();
            assertThat(md5).contains(TestData.md5Hex(big) + "  big.bin")
                    .contains(TestData.md5Hex(small) + "  small.txt")
                    .contains("d41d8cd98f00b204e9800998ecf8427e  empty.bin");
        }));
        s.add(DynamicTest.dynamicTest("cat --offset --count (range reads)", () -> {
            String part = rclone("cat", remote + "/dir/small.txt", "--offset", "5", "--count", "20")
                    .assertSuccess().stdout();
            assertThat(part).isEqualTo(new String(Arrays.copyOfRange(small, 5, 25), StandardCharsets.UTF_8));
            byte[] bigPart = rclone("cat", remote + "/dir/big.bin", "--offset", "10485000", "--count", "3000")
                    .assertSuccess().stdoutBytes();
            assertThat(bigPart).isEqualTo(Arrays.copyOfRange(big, 10485000, 10488000));
            byte[] tail = rclone("cat", remote + "/dir/big.bin", "--tail", "100").assertSuccess().stdoutBytes();
            assertThat(tail).isEqualTo(Arrays.copyOfRange(big, big.length - 100, big.length));
        }));
        s.add(DynamicTest.dynamicTest("copyto within the remote (server-side copy)", () -> {
            rclone("copyto", remote + "/dir/small.txt", remote + "/copy/small-copy.txt").assertSuccess();
            rclone("copyto", remote + "/dir/big.bin", remote + "/copy/big-copy.bin").assertSuccess();
            assertThat(rclone("cat", remote + "/copy/small-copy.txt").assertSuccess().stdout())
                    .isEqualTo(new String(small, StandardCharsets.UTF_8));
            String md5 = rclone("md5sum", remote + "/copy").assertSuccess().stdout();
            assertThat(md5).contains(TestData.md5Hex(big) + "  big-copy.bin");
        }));
        s.add(DynamicTest.dynamicTest("copy back down and compare bytes", () -> {
            Path down = tmp.resolve("down");
            rclone("copy", remote + "/dir", down.toString()).assertSuccess();
            assertThat(TestData.sha256Hex(TestData.read(down.resolve("big.bin")))).isEqualTo(TestData.sha256Hex(big));
            assertThat(TestData.read(down.resolve("small.txt"))).isEqualTo(small);
            assertThat(TestData.read(down.resolve("empty.bin"))).isEmpty();
            assertThat(TestData.read(down.resolve("sub dir/nested + file=1.txt"))).isEqualTo("nested".getBytes());
        }));
        s.add(DynamicTest.dynamicTest("delete", () -> {
            rclone("delete", remote + "/copy").assertSuccess();
            assertThat(rclone("lsf", "-R", remote + "/copy").stdout().strip()).isEmpty();
            rclone("deletefile", remote + "/dir/empty.bin").assertSuccess();
            assertThat(rclone("lsf", remote + "/dir").assertSuccess().stdout().lines().toList())
                    .doesNotContain("empty.bin").contains("small.txt");
        }));
        s.add(DynamicTest.dynamicTest("purge removes everything and the bucket", () -> {
            rclone("purge", remote).assertSuccess();
            String lsd = rclone("lsd", "granary:").assertSuccess().stdout();
            assertThat(lsd).doesNotContain(bucket);
        }));
        return s;
    }

    /** The remote "granary:" defined only by environment variables, with an empty private config file. */
    private java.util.Map<String, String> remoteEnv(Path config) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("RCLONE_CONFIG", config.toString());
        env.put("RCLONE_CONFIG_GRANARY_TYPE", "s3");
        env.put("RCLONE_CONFIG_GRANARY_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_GRANARY_ACCESS_KEY_ID", GranaryServerExtension.USER);
        env.put("RCLONE_CONFIG_GRANARY_SECRET_ACCESS_KEY", GranaryServerExtension.PASSWORD);
        env.put("RCLONE_CONFIG_GRANARY_ENDPOINT", granary.endpoint().toString());
        env.put("RCLONE_CONFIG_GRANARY_REGION", "us-east-1");
        env.put("RCLONE_CONFIG_GRANARY_FORCE_PATH_STYLE", "true");
        return env;
    }
}
