package io.granary.bench;

import io.granary.bench.internal.BenchConfig;
import io.granary.bench.internal.Report;
import io.granary.bench.internal.Result;
import io.granary.bench.internal.Runner;
import io.granary.bench.internal.Sizes;
import io.granary.bench.internal.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code granary bench}: a load generator for any S3 endpoint (SigV4, path-style, HTTP/1.1 keep-alive; --concurrency
 * connections driven by a few non-blocking event-loop threads, like wrk).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = BenchCommand.Version.class,
        description = {"Measure an S3 endpoint: put, get, stat, delete, list or mixed requests.",
                "Progress goes to stderr once a second; the summary (or --json) to stdout."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--endpoint", defaultValue = "http://127.0.0.1:9000",
            description = "S3 endpoint, http://host:port (default: ${DEFAULT-VALUE}).")
    URI endpoint;

    @Option(names = "--access-key", defaultValue = "granaryadmin", description = "Access key (default: ${DEFAULT-VALUE}).")
    String accessKey;

    @Option(names = "--secret-key", defaultValue = "granaryadmin", description = "Secret key (default: ${DEFAULT-VALUE}).")
    String secretKey;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Signing region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--bucket", defaultValue = "granary-bench",
            description = "Bucket, created if missing (default: ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = {"-w", "--workload"}, defaultValue = "put", converter = WorkloadConverter.class,
            description = "put, get, stat, delete, list or mixed (45%% GET, 30%% STAT, 15%% PUT, 10%% DELETE) "
                    + "(default: ${DEFAULT-VALUE}).")
    Workload workload;

    @Option(names = "--size", defaultValue = "4KiB", converter = SizeConverter.class,
            description = "Object size: 4096, 4KiB, 64MiB, 1MB (default: 4KiB).")
    long size;

    @Option(names = "--objects", defaultValue = "1000",
            description = "Distinct keys written/read (default: ${DEFAULT-VALUE}).")
    int objects;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "16",
            description = "Parallel connections, each with one request in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = {"-t", "--threads"},
            description = "Event-loop threads driving the connections, like wrk -t (default: the number of CPUs, "
                    + "at most --concurrency).")
    Integer threads;

    @Option(names = {"-d", "--duration"}, converter = DurationConverter.class,
            description = "Measured time: 10s, 1m, 500ms, PT30S (default: 10s, or 10m when --requests is given).")
    Duration duration;

    @Option(names = {"-n", "--requests"}, defaultValue = "0",
            description = "Stop after this many measured requests (0: no count limit).")
    long requests;

    @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
            description = "Unmeasured time before measuring (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--prefix", defaultValue = "obj-", description = "Key prefix; keys are PREFIX + 8 digits "
            + "(default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--page-size", defaultValue = "1000", description = "max-keys for list (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--no-prepare", negatable = false,
            description = "Do not create the bucket or upload objects (they exist already, or the endpoint is a plain "
                    + "file server).")
    boolean noPrepare;

    @Option(names = "--prepare-only", description = "Create the bucket and upload the objects, then stop.")
    boolean prepareOnly;

    @Option(names = "--presign", description = "Print a presigned GET URL of object number N (after preparing, unless "
            + "--no-prepare), then stop.", paramLabel = "N")
    Integer presign;

    @Option(names = "--sign-payload", description = "Send the body's SHA-256 instead of UNSIGNED-PAYLOAD.")
    boolean signPayload;

    @Option(names = "--cleanup", description = "Delete the objects at the end.")
    boolean cleanup;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long after the end in-flight requests may take before their connections are closed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress line.")
    boolean quiet;

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        Duration d = duration != null ? duration : (requests > 0 ? Duration.ofMinutes(10) : Duration.ofSeconds(10));
        BenchConfig cfg = new BenchConfig(endpoint, accessKey, secretKey, region, bucket, workload, size, objects,
                concurrency, threads != null ? threads : Runtime.getRuntime().availableProcessors(), d, requests, warmup, prefix, pageSize, !noPrepare, prepareOnly, signPayload, cleanup,
                !quiet, timeout);
        Runner runner = new Runner(cfg, err);
        if (cfg.prepare()) {
            try {
                runner.prepare();
            } catch (java.io.IOException e) {
                err.println("bench: " + e.getMessage());
                return 2;
            }
        }
        if (presign != null) {
            out.println(runner.presign(presign, 7 * 24 * 3600));
            return 0;
        }
        if (prepareOnly) return 0;
        Result r = runner.run();
        out.print(json ? Report.json(r) + System.lineSeparator() : Report.text(r));
        out.flush();
        if (cleanup) runner.cleanup();
        return r.total().ops == 0 || r.total().errors > 0 ? 1 : 0;
    }

    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return Sizes.parse(value);
        }
    }

    static final class WorkloadConverter implements ITypeConverter<Workload> {
        @Override
        public Workload convert(String value) {
            return Workload.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** 10s, 500ms, 2m, 1h, or ISO-8601 (PT30S). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String s = value.trim().toLowerCase(Locale.ROOT);
            if (s.startsWith("pt") || s.startsWith("p")) return Duration.parse(value.trim());
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            char u = s.charAt(s.length() - 1);
            if (Character.isDigit(u)) return Duration.ofSeconds(Long.parseLong(s));
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (u) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("not a duration: " + value);
            };
        }
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = BenchCommand.class.getPackage().getImplementationVersion();
            return new String[] {"granary bench " + (v != null ? v : "dev")};
        }
    }
}
