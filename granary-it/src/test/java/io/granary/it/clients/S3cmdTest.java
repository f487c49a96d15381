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

/** s3cmd (Debian package), SigV4, path style, with a private config file. */
class S3cmdTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @TempDir
    Path tmp;

    Path exe;
    Path config;
    String version;
    ToolRunner runner;

    ToolRunner.Result s3cmd(String... args) {
        List<String> cmd = new ArrayList<>(List.of(exe.toString(), "-c", config.toString(), "--no-progress"));
        cmd.addAll(Arrays.asList(args));
        ToolRunner.Result r = runner.run(cmd);
        System.out.println("[" + version + "] " + r.describe());
        return r;
    }

    @TestFactory
    List<DynamicTest> s3cmdScenario() throws Exception {
        exe = Tools.require("s3cmd", Tools.onPath("s3cmd"));
        version = Tools.version(exe.toString(), "--version");
        String hostPort = granary.endpoint().getHost() + ":" + granary.port();
        config = Files.writeString(tmp.resolve("s3cfg"), String.join("\n",
                "[default]",
                "access_key = " + GranaryServerExtension.USER,
                "secret_key = " + GranaryServerExtension.PASSWORD,
                "host_base = " + hostPort,
                "host_bucket = " + hostPort,
                "bucket_location = us-east-1",
                "use_https = False",
                "signature_v2 = False",
                "multipart_chunk_size_mb = 5",
                "") + "\n");
        runner = new ToolRunner().workDir(tmp).timeout(Duration.ofMinutes(3));
        String bucket = GranaryServerExtension.bucketName("s3cmd");
        String s3 = "s3://" + bucket;
        byte[] small = "s3cmd small\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        byte[] big = TestData.bytes(12 * TestData.MIB, 99);
        TestData.writeFile(tmp.resolve("small.txt"), small);
        TestData.writeFile(tmp.resolve("empty.bin"), new byte[0]);
        TestData.writeFile(tmp.resolve("big.bin"), big);

        List<DynamicTest> s = new ArrayList<>();
        s.add(DynamicTest.dynamicTest(version + ": mb + ls", () -> {
            s3cmd("mb", s3).assertSuccess();
            assertThat(s3cmd("ls").assertSuccess().stdout()).contains(s3);
        }));
        s.add(DynamicTest.dynamicTest("put small, empty, 12 MiB (multipart, 5 MiB chunks)", () -> {
            s3cmd("put", "small.txt", s3 + "/dir/small.txt").assertSuccess();
            s3cmd("put", "empty.bin", s3 + "/dir/empty.bin").assertSuccess();
            s3cmd("put", "big.bin", s3 + "/dir/big.bin").assertSuccess();
            String ls = s3cmd("ls", s3 + "/dir/").assertSuccess().stdout();
            assertThat(ls).contains("dir/small.txt").contains("dir/empty.bin").contains("dir/big.bin")
                    .contains(Integer.toString(big.length));
            String info = s3cmd("info", s3 + "/dir/small.txt").assertSuccess().stdout();
            assertThat(info).contains(TestData.md5Hex(small));
        }));
        s.add(DynamicTest.dynamicTest("get and compare (s3cmd verifies MD5)", () -> {
            s3cmd("get", "--force", s3 + "/dir/small.txt", "down-small.txt").assertSuccess();
            s3cmd("get", "--force", s3 + "/dir/empty.bin", "down-empty.bin").assertSuccess();
            s3cmd("get", "--force", s3 + "/dir/big.bin", "down-big.bin").assertSuccess();
            assertThat(TestData.read(tmp.resolve("down-small.txt"))).isEqualTo(small);
            assertThat(TestData.read(tmp.resolve("down-empty.bin"))).isEmpty();
            assertThat(TestData.sha256Hex(TestData.read(tmp.resolve("down-big.bin"))))
                    .isEqualTo(TestData.sha256Hex(big));
        }));
        s.add(DynamicTest.dynamicTest("cp within the server, then del", () -> {
            s3cmd("cp", s3 + "/dir/small.txt", s3 + "/copy/small.txt").assertSuccess();
            s3cmd("get", "--force", s3 + "/copy/small.txt", "copied.txt").assertSuccess();
            assertThat(TestData.read(tmp.resolve("copied.txt"))).isEqualTo(small);
            s3cmd("del", s3 + "/copy/small.txt").assertSuccess();
            assertThat(s3cmd("ls", "--recursive", s3).assertSuccess().stdout()).doesNotContain("copy/small.txt");
        }));
        s.add(DynamicTest.dynamicTest("del --recursive --force + rb", () -> {
            s3cmd("del", "--recursive", "--force", s3).assertSuccess();
            s3cmd("rb", s3).assertSuccess();
            assertThat(s3cmd("ls").assertSuccess().stdout()).doesNotContain(s3);
        }));
        return s;
    }
}
