package io.granary.bench.internal;

import java.net.URI;
import java.time.Duration;

/** Everything a run needs; built by the command line. */
public record BenchConfig(
        URI endpoint,
        String accessKey,
        String secretKey,
        String region,
        String bucket,
        Workload workload,
        long size,
        int objects,
        int concurrency,
        int threads,
        Duration duration,
        long maxRequests,
        Duration warmup,
        String prefix,
        int pageSize,
        boolean prepare,
        boolean prepareOnly,
        boolean signPayload,
        boolean cleanup,
        boolean progress,
        Duration timeout) {

    public BenchConfig {
        if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be at least 1");
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
        if (objects < 1) throw new IllegalArgumentException("--objects must be at least 1");
        if (size < 0) throw new IllegalArgumentException("--size must not be negative");
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("--size is at most 2 GiB");
        if (pageSize < 1 || pageSize > 1000) throw new IllegalArgumentException("--page-size must be 1..1000");
        if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("--duration must be > 0");
    }
}
