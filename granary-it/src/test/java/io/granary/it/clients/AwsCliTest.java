package io.granary.it.clients;

import io.granary.it.support.GranaryServerExtension;
import io.granary.it.support.TestData;
import io.granary.it.support.ToolRunner;
import io.granary.it.support.Tools;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aws-cli scenario, run twice: aws-cli v1 (the "aws" first on PATH, from pip) and aws-cli v2
 * (/usr/bin/aws, Debian package awscli). Each step is its own dynamic test so a report lists every broken step.
 */
class AwsCliTest {

    @RegisterExtension
    static final GranaryServerExtension granary = new GranaryServerExtension();

    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicTest> awsCliV1() throws IOException {
        Optional<Path> aws = Tools.onPath("aws");
        Path exe = Tools.require("aws-cli v1 (aws on PATH)", aws);
        String version = Tools.version(exe.toString(), "--version");
        if (!version.startsWith("aws-cli/1.")) {
            Tools.absent("the aws first on PATH (" + exe + ") is not aws-cli v1 but: " + version);
        }
        return new Scenario(exe, version, "v1").steps();
    }

    @TestFactory
    List<DynamicTest> awsCliV2() throws IOException {
        Path exe = Tools.require("aws-cli v2 (/usr/bin/aws)", Tools.at("/usr/bin/aws"));
        String version = Tools.version(exe.toString(), "--version");
        if (!version.startsWith("aws-cli/2.")) {
            Tools.absent("/usr/bin/aws is not aws-cli v2 but: " + version);
        }
        return new Scenario(exe, version, "v2").steps();
    }

    private final class Scenario {
        final Path exe;
        final String version;
        final String bucket;
        final Path dir;
        final ToolRunner runner;
        final byte[] small = "small file from the aws cli\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        final byte[] big;

        Scenario(Path exe, String version, String tag) throws IOException {
            this.exe = exe;
            this.version = version;
            this.bucket = GranaryServerExtension.bucketName("awscli-" + tag);
            this.dir = Files.createDirectories(tmp.resolve(tag));
            this.big = TestData.bytes(20 * TestData.MIB, 42);
            Path config = Files.writeString(dir.resolve("config"),
                    "[default]\nregion = us-east-1\nretry_mode = standard\nmax_attempts = 1\n"
                            // aws-cli v1 presigns with SigV2 unless told otherwise; S3 refuses SigV2 for new buckets
                            + "s3 =\n    addressing_style = path\n    signature_version = s3v4\n");
            Path creds = Files.writeString(dir.resolve("credentials"), "");
            this.runner = new ToolRunner()
                    .env("AWS_ACCESS_KEY_ID", GranaryServerExtension.USER)
                    .env("AWS_SECRET_ACCESS_KEY", GranaryServerExtension.PASSWORD)
                    .env("AWS_DEFAULT_REGION", "us-east-1")
                    .env("AWS_CONFIG_FILE", config.toString())
                    .env("AWS_SHARED_CREDENTIALS_FILE", creds.toString())
                    .env("AWS_PAGER", "")
                    .env("AWS_EC2_METADATA_DISABLED", "true")
                    .workDir(dir)
                    .timeout(Duration.ofMinutes(3));
            TestData.writeFile(dir.resolve("up/small.txt"), small);
            TestData.writeFile(dir.resolve("up/empty.bin"), new byte[0]);
            TestData.writeFile(dir.resolve("up/big.bin"), big);
            for (int i = 0; i < 25; i++) {
                TestData.writeFile(dir.resolve("many/f%02d.txt".formatted(i)), ("file " + i).getBytes());
            }
        }

        ToolRunner.Result aws(String... args) {
            List<String> cmd = new ArrayList<>();
            cmd.add(exe.toString());
            cmd.add("--endpoint-url");
            cmd.add(granary.endpoint().toString());
            cmd.addAll(Arrays.asList(args));
            ToolRunner.Result r = runner.run(cmd);
            System.out.println("[aws " + version + "] " + r.describe());
            return r;
        }

        String s3(String key) {
            return "s3://" + bucket + "/" + key;
        }

        void sameFile(Path local, byte[] expected) {
            assertThat(Files.exists(local)).as("downloaded %s exists", local).isTrue();
            assertThat(TestData.sha256Hex(TestData.read(local))).as("sha256 of %s", local)
                    .isEqualTo(TestData.sha256Hex(expected));
        }

        List<DynamicTest> steps() {
            List<DynamicTest> s = new ArrayList<>();
            s.add(DynamicTest.dynamicTest(version + ": s3 mb", () -> {
                aws("s3", "mb", "s3://" + bucket).assertSuccess();
                aws("s3api", "head-bucket", "--bucket", bucket).assertSuccess();
            }));
            s.add(DynamicTest.dynamicTest("s3 cp upload small, empty, 20 MiB (multipart)", () -> {
                aws("s3", "cp", "up/big.bin", s3("dir/big.bin")).assertSuccess();
                aws("s3", "cp", "--recursive", "--exclude", "big.bin", "up", s3("dir/")).assertSuccess();
                String heads = aws("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "dir/", "--query",
                        "Contents[].[Key, Size, ETag]", "--output", "text").assertSuccess().stdout();
                List<String> rows = heads.lines().map(String::strip).toList();
                assertThat(rows).hasSize(3);
                assertThat(rows.get(0)).as("20 MiB upload went multipart (8 MiB parts: ETag ends -3)")
                        .startsWith("dir/big.bin\t" + big.length + "\t").endsWith("-3\"");
                assertThat(rows.get(1)).isEqualTo("dir/empty.bin\t0\t\"d41d8cd98f00b204e9800998ecf8427e\"");
                assertThat(rows.get(2)).isEqualTo("dir/small.txt\t" + small.length + "\t" + TestData.etagOf(small));
            }));
            s.add(DynamicTest.dynamicTest("s3 cp download small, empty, 20 MiB", () -> {
                aws("s3", "cp", s3("dir/big.bin"), "down/big.bin").assertSuccess();
                aws("s3", "cp", "--recursive", "--exclude", "big.bin", s3("dir/"), "down").assertSuccess();
                sameFile(dir.resolve("down/small.txt"), small);
                sameFile(dir.resolve("down/empty.bin"), new byte[0]);
                sameFile(dir.resolve("down/big.bin"), big);
            }));
            s.add(DynamicTest.dynamicTest("s3api get-object --range", () -> {
                String out = aws("s3api", "get-object", "--bucket", bucket, "--key", "dir/big.bin", "--range",
                        "bytes=10485700-10485859", "range.bin", "--query", "ContentRange", "--output", "text")
                        .assertSuccess().stdout().strip();
                assertThat(out).isEqualTo("bytes 10485700-10485859/" + big.length);
                sameFile(dir.resolve("range.bin"), Arrays.copyOfRange(big, 10485700, 10485860));
                aws("s3api", "get-object", "--bucket", bucket, "--key", "dir/small.txt", "--range", "bytes=-5",
                        "tail.bin").assertSuccess();
                sameFile(dir.resolve("tail.bin"), Arrays.copyOfRange(small, small.length - 5, small.length));
            }));
            s.add(DynamicTest.dynamicTest("s3 cp --recursive 25 files, s3 ls --page-size 10", () -> {
                aws("s3", "cp", "--recursive", "many", s3("many/")).assertSuccess();
                String ls = aws("s3", "ls", s3("many/"), "--page-size", "10").assertSuccess().stdout();
                List<String> names = ls.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    expected.add("f%02d.txt".formatted(i));
                }
                assertThat(names).containsExactlyElementsOf(expected);
                String rec = aws("s3", "ls", "--recursive", "s3://" + bucket, "--page-size", "7").assertSuccess()
                        .stdout();
                assertThat(rec.lines().count()).isEqualTo(28);
                String top = aws("s3", "ls", "s3://" + bucket + "/").assertSuccess().stdout();
                assertThat(top).contains("PRE dir/").contains("PRE many/");
            }));
            s.add(DynamicTest.dynamicTest("s3api list-objects-v2 --delimiter / and --page-size", () -> {
                String prefixes = aws("s3api", "list-objects-v2", "--bucket", bucket, "--delimiter", "/", "--query",
                        "CommonPrefixes[].Prefix", "--output", "text").assertSuccess().stdout().strip();
                assertThat(prefixes.split("\\s+")).containsExactly("dir/", "many/");
                String keys = aws("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "many/",
                        "--page-size", "10", "--query", "Contents[].Key", "--output", "text").assertSuccess()
                        .stdout().strip();
                assertThat(keys.split("\\s+")).hasSize(25);
                String page = aws("s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "many/",
                        "--max-items", "10", "--page-size", "4", "--output", "json").assertSuccess().stdout();
                assertThat(page.split("\"Key\":", -1)).as("10 keys with --max-items 10: %s", page).hasSize(11);
                assertThat(page).as("--max-items stops early and hands out a NextToken").contains("\"NextToken\"");
            }));
            s.add(DynamicTest.dynamicTest("s3 cp within the server (small: CopyObject, 20 MiB: UploadPartCopy)",
                    () -> {
                        aws("s3", "cp", "--recursive", "--exclude", "empty.bin", s3("dir/"), s3("copy/"))
                                .assertSuccess();
                        aws("s3", "cp", "--recursive", s3("copy/"), "copied").assertSuccess();
                        sameFile(dir.resolve("copied/small.txt"), small);
                        sameFile(dir.resolve("copied/big.bin"), big);
                    }));
            s.add(DynamicTest.dynamicTest("s3 presign + plain HTTP GET", () -> {
                String url = aws("s3", "presign", s3("dir/small.txt"), "--expires-in", "300").assertSuccess()
                        .stdout().strip();
                HttpResponse<byte[]> r = granary.http().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).as("GET %s -> %s", url, new String(r.body())).isEqualTo(200);
                assertThat(r.body()).isEqualTo(small);
            }));
            s.add(DynamicTest.dynamicTest("s3 rm (single and --recursive)", () -> {
                aws("s3", "rm", s3("copy/small.txt")).assertSuccess();
                aws("s3", "rm", "--recursive", s3("many/")).assertSuccess();
                String ls = aws("s3", "ls", "--recursive", "s3://" + bucket).assertSuccess().stdout();
                assertThat(ls).doesNotContain("copy/small.txt").doesNotContain("many/");
                assertThat(ls).contains("copy/big.bin").contains("dir/small.txt");
                ToolRunner.Result head = aws("s3api", "head-object", "--bucket", bucket, "--key", "copy/small.txt");
                assertThat(head.ok()).as("head-object of a deleted key fails").isFalse();
                assertThat(head.stderr()).contains("404");
            }));
            s.add(DynamicTest.dynamicTest("s3 rb --force", () -> {
                aws("s3", "rb", "--force", "s3://" + bucket).assertSuccess();
                ToolRunner.Result head = aws("s3api", "head-bucket", "--bucket", bucket);
                assertThat(head.ok()).as("head-bucket after rb").isFalse();
                assertThat(head.stderr()).contains("404");
            }));
            return s;
        }
    }
}
