package io.granary.it.support;

import io.granary.server.GranaryServer;
import io.granary.platform.TransportKind;
import io.granary.server.config.ServerConfig;
import io.granary.server.platform.PlatformOptions;
import io.granary.server.platform.ServerPlatform;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Starts one in-process Granary server per test class and hands out real AWS SDK v2 clients pointed at it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GranaryServerExtension granary = new GranaryServerExtension();
 * }</pre>
 *
 * Clients are path-style, region us-east-1, static credentials, no retries (a retry would hide a server bug), and
 * record every request they send (see {@link #recorder()}) so that failures can say exactly what went on the wire.
 */
public final class GranaryServerExtension implements BeforeAllCallback, AfterAllCallback {

    /** Which request-checksum behaviour an SDK client gets. */
    public enum Checksums {
        /** SDK default: CRC32 on every upload, sent as an aws-chunked trailer (x-amz-trailer). */
        WHEN_SUPPORTED,
        /** Checksums only where the operation requires them (e.g. DeleteObjects); plain bodies otherwise. */
        WHEN_REQUIRED
    }

    /** Which synchronous HTTP client the SDK uses. */
    public enum SyncHttp { APACHE, URL_CONNECTION }

    /**
     * System property: run against an already running server at this URL (e.g. http://127.0.0.1:9000) instead of
     * starting one in-process. Credentials then come from granary.it.accessKey / granary.it.secretKey.
     */
    public static final String EXTERNAL_ENDPOINT = "granary.it.endpoint";

    public static final String USER = System.getProperty("granary.it.accessKey", ServerConfig.DEFAULT_USER);
    public static final String PASSWORD = System.getProperty("granary.it.secretKey", ServerConfig.DEFAULT_PASSWORD);
    public static final Region REGION = Region.US_EAST_1;

    private static final AtomicInteger BUCKET_COUNTER = new AtomicInteger();

    private final List<String> domains;
    private GranaryServer server;
    private Path dataDir;
    private URI endpoint;
    private final RequestRecorder recorder = new RequestRecorder();
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();
    private HttpClient javaHttp;
    private int drives = 1;
    private TransportKind forcedTransport;
    private TransportKind transport;

    public GranaryServerExtension() {
        this(List.of());
    }

    /** A server that also accepts virtual-host style requests for the given base domains (e.g. "localhost"). */
    public GranaryServerExtension(List<String> domains) {
        this.domains = List.copyOf(domains);
    }

    /** A server over {@code drives} data folders (disk1..diskN below {@link #dataDir()}): erasure-coded when 2+. */
    public static GranaryServerExtension withDrives(int drives) {
        GranaryServerExtension e = new GranaryServerExtension();
        e.drives = drives;
        return e;
    }

    /**
     * A one-folder server that asks for {@code transport} (NIO is still the fallback where it is unavailable: see
     * {@link #transport()} for what was chosen).
     */
    public static GranaryServerExtension withTransport(TransportKind transport) {
        GranaryServerExtension e = new GranaryServerExtension();
        e.forcedTransport = transport;
        return e;
    }

    /** The network transport the in-process server runs on (null when running against an external endpoint). */
    public TransportKind transport() {
        return transport;
    }

    /** The data folders of a multi-drive server, in order. */
    public List<Path> drivePaths() {
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i <= drives; i++) paths.add(dataDir.resolve("disk" + i));
        return paths;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String external = System.getProperty(EXTERNAL_ENDPOINT, "");
        if (!external.isBlank()) {
            endpoint = URI.create(external.replaceAll("/+$", ""));
            return;
        }
        Path work = Path.of(System.getProperty("granary.it.workDir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(work);
        dataDir = Files.createTempDirectory(work, context.getRequiredTestClass().getSimpleName() + "-");
        ServerConfig config = ServerConfig.forTest(dataDir);
        if (drives > 1) {
            config = config.withDataDirs(drivePaths());
        }
        if (!domains.isEmpty()) {
            config = config.withDomains(domains);
        }
        PlatformOptions options = forcedTransport == null ? new PlatformOptions()
                : PlatformOptions.forcingTransport(forcedTransport);
        ServerPlatform platform = ServerPlatform.prepare(options, config.dataDirs());
        transport = platform.transport().chosen().kind();
        server = GranaryServer.start(config, platform);
        endpoint = URI.create(server.endpoint());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        List<Throwable> problems = new ArrayList<>();
        for (AutoCloseable c : clients.values()) {
            try {
                c.close();
            } catch (Exception e) {
                problems.add(e);
            }
        }
        clients.clear();
        if (javaHttp != null) {
            javaHttp.close();
        }
        if (server != null) {
            server.close();
        }
        if (dataDir != null) {
            deleteTree(dataDir);
        }
        if (!problems.isEmpty()) {
            AssertionError e = new AssertionError("closing clients failed");
            problems.forEach(e::addSuppressed);
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------------ server

    /** The in-process server, or null when running against an external endpoint. */
    public GranaryServer server() {
        return server;
    }

    public boolean external() {
        return server == null;
    }

    /** "http://127.0.0.1:PORT". */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public RequestRecorder recorder() {
        return recorder;
    }

    // ------------------------------------------------------------------------------------------------ SDK

    /** Sync client, Apache 5 HTTP, SDK-default checksums (CRC32 trailers). */
    public S3Client s3() {
        return s3(Checksums.WHEN_SUPPORTED, SyncHttp.APACHE);
    }

    /** Sync client, URLConnection HTTP, checksums only when required. */
    public S3Client s3WhenRequired() {
        return s3(Checksums.WHEN_REQUIRED, SyncHttp.URL_CONNECTION);
    }

    public S3Client s3(Checksums checksums, SyncHttp http) {
        return client("sync-" + checksums + "-" + http, () -> s3Builder(checksums)
                .httpClient(syncHttpClient(http))
                .build());
    }

    /** A sync HTTP client of the given kind with the suite's timeouts (caller owns it). */
    public static software.amazon.awssdk.http.SdkHttpClient syncHttpClient(SyncHttp http) {
        return switch (http) {
            case APACHE -> Apache5HttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)).build();
            case URL_CONNECTION -> UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)).build();
        };
    }

    /** A Netty async HTTP client with the suite's timeouts (caller owns it). */
    public static software.amazon.awssdk.http.async.SdkAsyncHttpClient asyncHttpClient() {
        return NettyNioAsyncHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .writeTimeout(Duration.ofSeconds(60))
                .build();
    }

    /**
     * A sync builder configured like every suite client (endpoint, path style, credentials, checksum mode, no
     * retries, request recording) but without an HTTP client; for tests that need their own.
     */
    public software.amazon.awssdk.services.s3.S3ClientBuilder s3Builder(Checksums checksums) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .requestChecksumCalculation(requestChecksums(checksums))
                .responseChecksumValidation(responseChecksums(checksums))
                .overrideConfiguration(overrides());
    }

    /** Async counterpart of {@link #s3Builder}. */
    public software.amazon.awssdk.services.s3.S3AsyncClientBuilder asyncBuilder(Checksums checksums) {
        return S3AsyncClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .forcePathStyle(true)
                .requestChecksumCalculation(requestChecksums(checksums))
                .responseChecksumValidation(responseChecksums(checksums))
                .overrideConfiguration(overrides());
    }

    /** Async client (Netty NIO), SDK-default checksums. */
    public S3AsyncClient async() {
        return async(Checksums.WHEN_SUPPORTED);
    }

    public S3AsyncClient async(Checksums checksums) {
        return client("async-" + checksums, () -> asyncBuilder(checksums).httpClient(asyncHttpClient()).build());
    }

    public S3Presigner presigner() {
        return client("presigner", () -> S3Presigner.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials())
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build());
    }

    /** A plain JDK HTTP client (HTTP/1.1) for presigned URLs and unauthenticated requests. */
    public synchronized HttpClient http() {
        if (javaHttp == null) {
            javaHttp = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return javaHttp;
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(USER, PASSWORD));
    }

    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(Duration.ofSeconds(120))
                .addExecutionInterceptor(recorder)
                .build();
    }

    private static RequestChecksumCalculation requestChecksums(Checksums c) {
        return c == Checksums.WHEN_SUPPORTED ? RequestChecksumCalculation.WHEN_SUPPORTED
                : RequestChecksumCalculation.WHEN_REQUIRED;
    }

    private static ResponseChecksumValidation responseChecksums(Checksums c) {
        return c == Checksums.WHEN_SUPPORTED ? ResponseChecksumValidation.WHEN_SUPPORTED
                : ResponseChecksumValidation.WHEN_REQUIRED;
    }

    @SuppressWarnings("unchecked")
    private <T extends AutoCloseable> T client(String key, java.util.function.Supplier<T> factory) {
        return (T) clients.computeIfAbsent(key, k -> factory.get());
    }

    // ------------------------------------------------------------------------------------------------ buckets

    /** A fresh, valid, unique bucket name (not created). */
    public static String bucketName(String hint) {
        String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-+", "-");
        if (clean.length() > 30) {
            clean = clean.substring(0, 30);
        }
        clean = clean.replaceAll("^-|-$", "");
        return "it-" + clean + "-" + BUCKET_COUNTER.incrementAndGet() + "-"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    }

    /** Creates a fresh bucket with the default sync client and returns its name. */
    public String createBucket(String hint) {
        String name = bucketName(hint);
        s3().createBucket(b -> b.bucket(name));
        return name;
    }

    /** Best-effort: deletes every object and upload in the bucket, then the bucket. Never throws. */
    public void deleteBucketQuietly(String bucket) {
        try {
            S3Client s3 = s3();
            s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().forEach(u ->
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
            List<ObjectIdentifier> ids = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
                    .forEach(o -> ids.add(ObjectIdentifier.builder().key(o.key()).build()));
            for (int i = 0; i < ids.size(); i += 1000) {
                List<ObjectIdentifier> batch = ids.subList(i, Math.min(ids.size(), i + 1000));
                s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
            }
            s3.deleteBucket(b -> b.bucket(bucket));
        } catch (S3Exception | software.amazon.awssdk.core.exception.SdkClientException ignored) {
            // cleanup only
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
