package io.granary.it.distribution;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution jar, as built in this run, ships exactly the native pieces per target that docs/PLATFORMS.md
 * promises (scripts/cross-arch/check-native-contents.sh), and runs `--version` without touching them.
 */
class DistributionContentsTest {
    private static final Path ROOT = Path.of(System.getProperty("granary.it.repoRoot", ".."));
    private static final Path JAR = Path.of(System.getProperty("granary.it.serverJar",
            "../granary-server/target/granary.jar"));

    @Test
    void nativePiecesPerTargetMatchTheDocs() throws Exception {
        assertThat(JAR).as("the server jar is packaged before the integration tests run").exists();
        Process p = new ProcessBuilder("bash", ROOT.resolve("scripts/cross-arch/check-native-contents.sh").toString(),
                JAR.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("linux-x86_64", "linux-aarch_64", "native contents match docs/PLATFORMS.md");
    }

    /** scripts/jlink-runtime.sh builds a runtime image that starts the server and serves S3 requests. */
    @Test
    void jlinkRuntimeImageServes(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path image = dir.resolve("image");
        Process build = new ProcessBuilder("bash", ROOT.resolve("scripts/jlink-runtime.sh").toString(),
                image.toString(), JAR.toString()).redirectErrorStream(true).start();
        String buildOut = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as(buildOut).isZero();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("server.log");
        Process server = new ProcessBuilder(image.resolve("bin/granary").toString(), "server",
                dir.resolve("data").toString(), "--address", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var ready = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
            int status = 0;
            for (int i = 0; i < 300 && status != 200; i++) {
                try {
                    status = http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(status).as(Files.exists(log) ? Files.readString(log) : "no log").isEqualTo(200);
            var creds = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("granaryadmin", "granaryadmin"));
            try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                    .endpointOverride(java.net.URI.create("http://127.0.0.1:" + port))
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1).credentialsProvider(creds)
                    .forcePathStyle(true).build()) {
                s3.createBucket(b -> b.bucket("image"));
                s3.putObject(b -> b.bucket("image").key("k"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("from the runtime image"));
                assertThat(s3.getObjectAsBytes(b -> b.bucket("image").key("k")).asUtf8String())
                        .isEqualTo("from the runtime image");
            }
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theJarRunsVersionWithNoNativeLibraryReachable() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Djava.library.path=/nonexistent", "-Xlog:library=info", "-jar",
                JAR.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("granary ").doesNotContain("netty_transport_native");
        try (JarFile zip = new JarFile(JAR.toFile())) {
            assertThat(zip.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.granary.server.Main");
        }
        assertThat(Files.size(JAR)).isPositive();
    }
}
