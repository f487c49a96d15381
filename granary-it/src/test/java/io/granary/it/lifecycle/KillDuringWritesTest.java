package io.granary.it.lifecycle;

import io.granary.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server process is killed with SIGKILL while clients are writing (single PUTs of several sizes and multipart
 * completes) on a 4-drive erasure-coded deployment and on one folder. After a restart every acknowledged write reads
 * back byte-identical, and every key holds exactly one whole version that some client sent (the last acknowledged
 * one or an in-flight later one), never a partial object.
 */
class KillDuringWritesTest {

    @TempDir
    Path data;

    private static final StaticCredentialsProvider CREDS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ServerConfig.DEFAULT_USER, ServerConfig.DEFAULT_PASSWORD));

    /**
     * Content of version {@code v} of key {@code k}: deterministic, so any read can be checked. Keys ending in 7 are
     * written as two-part multipart uploads.
     */
    private static byte[] content(int key, int version) {
        int size = key % 10 == 7 ? 5 * 1024 * 1024 + 1000 + version : switch (key % 4) {
            case 0 -> 0;
            case 1 -> 3000 + version;
            case 2 -> 200_000 + version;
            default -> 2 * 1024 * 1024 + 333 + version;
        };
        byte[] b = new byte[size];
        new SplittableRandom(key * 1_000_003L + version).nextBytes(b);
        return b;
    }

    @Test
    void fourDrives() throws Exception {
        List<String> drives = new ArrayList<>();
        for (int i = 1; i <= 4; i++) drives.add(data.resolve("disk" + i).toString());
        killAndCheck(drives);
    }

    @Test
    void oneFolder() throws Exception {
        killAndCheck(List.of(data.resolve("single").toString()));
    }

    private void killAndCheck(List<String> drives) throws Exception {
        int port = freePort();
        Process server = start(drives, port);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Map<Integer, Integer> acked = new ConcurrentHashMap<>();
        Map<Integer, Integer> attempted = new ConcurrentHashMap<>();
        try (S3Client s3 = client(endpoint)) {
            s3.createBucket(b -> b.bucket("crash"));
            ExecutorService writers = Executors.newFixedThreadPool(6);
            for (int w = 0; w < 6; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int round = 1; round < 1000; round++) {
                        int key = writer * 10 + round % 10;
                        attempted.merge(key, round, Math::max);
                        try {
                            if (key % 10 == 7) {
                                multipart(s3, key, round);
                            } else {
                                byte[] body = content(key, round);
                                s3.putObject(b -> b.bucket("crash").key("k" + key), RequestBody.fromBytes(body));
                            }
                            acked.merge(key, round, Math::max);
                        } catch (RuntimeException e) {
                            return; // the server is gone
                        }
                    }
                });
            }
            Thread.sleep(2500);
            server.destroyForcibly(); // SIGKILL on Linux
            server.waitFor(30, TimeUnit.SECONDS);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).as("some writes were acknowledged before the kill").isNotEmpty();

        Process again = start(drives, port);
        try (S3Client s3 = client(endpoint)) {
            for (Map.Entry<Integer, Integer> e : attempted.entrySet()) {
                int key = e.getKey();
                Integer lastAcked = acked.get(key);
                byte[] got;
                try {
                    got = s3.getObjectAsBytes(b -> b.bucket("crash").key("k" + key)).asByteArray();
                } catch (NoSuchKeyException missing) {
                    assertThat(lastAcked).as("k%d was acknowledged (version %s) but is gone", key, lastAcked)
                            .isNull();
                    continue;
                }
                int from = lastAcked == null ? 1 : lastAcked;
                boolean whole = false;
                for (int v = from; v <= e.getValue() && !whole; v++) {
                    whole = Arrays.equals(got, content(key, v));
                }
                assertThat(whole).as("k%d holds %d bytes that are not one whole version in %d..%d", key, got.length,
                        from, e.getValue()).isTrue();
            }
        } finally {
            again.destroy();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void multipart(S3Client s3, int key, int round) {
        byte[] body = content(key, round);
        String id = s3.createMultipartUpload(b -> b.bucket("crash").key("k" + key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[][] pieces = {Arrays.copyOf(body, 5 * 1024 * 1024), Arrays.copyOfRange(body, 5 * 1024 * 1024, body.length)};
        for (int i = 0; i < 2; i++) {
            int n = i + 1;
            String etag = s3.uploadPart(b -> b.bucket("crash").key("k" + key).uploadId(id).partNumber(n),
                    RequestBody.fromBytes(pieces[n - 1])).eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket("crash").key("k" + key).uploadId(id)
                .multipartUpload(m -> m.parts(parts)));
    }

    private static S3Client client(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDS)
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    private static Process start(List<String> drives, int port) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.granary.server.Main", "server", "--address", "127.0.0.1:" + port));
        cmd.addAll(drives);
        Path log = Files.createTempFile("granary-kill-", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                if (!p.isAlive()) throw new IllegalStateException("server exited: " + Files.readString(log));
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("server did not start: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
