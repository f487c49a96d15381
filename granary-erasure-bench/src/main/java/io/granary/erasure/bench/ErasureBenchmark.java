package io.granary.erasure.bench;

import io.granary.erasure.CodecKernel;
import io.granary.erasure.ErasureCodec;
import io.granary.erasure.ErasureCodecs;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encode and reconstruct of one 1 MiB block (split over k data shards of ceil(1 MiB / k) bytes) per kernel and
 * shape, plus the copy baseline: System.arraycopy of the same k data shards. Each op handles 1 MiB of data, so
 * MB/s = ops/s (the report converts). Short warmups (the kernels are simple loops that reach C2 quickly).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ErasureBenchmark {
    public static final int BLOCK = 1 << 20;

    @Param({"2+2", "4+2", "8+4", "12+4"})
    public String shape;

    @Param({"PURE_JAVA", "VECTOR", "ISA_L"})
    public String kernel;

    private ErasureCodec codec;
    private byte[][] shards;
    private byte[][] copies;
    private boolean[] twoMissing;
    private int k;
    private int shardSize;

    @Setup(Level.Trial)
    public void setup() {
        String[] km = shape.split("\\+");
        k = Integer.parseInt(km[0]);
        int m = Integer.parseInt(km[1]);
        shardSize = (BLOCK + k - 1) / k;
        CodecKernel wanted = CodecKernel.valueOf(kernel);
        codec = ErasureCodecs.create(k, m, wanted);
        if (!ErasureCodecs.probe().get(wanted.ordinal()).available()) {
            throw new IllegalStateException(kernel + " unavailable here: " + ErasureCodecs.probe());
        }
        if (!ErasureCodecs.awaitWarmUp(java.time.Duration.ofSeconds(30))) {
            throw new IllegalStateException("kernels did not warm up in 30 s");
        }
        SplittableRandom random = new SplittableRandom(1);
        shards = new byte[k + m][shardSize];
        copies = new byte[k][shardSize];
        for (int i = 0; i < k; i++) {
            random.nextBytes(shards[i]);
        }
        codec.encode(shards, 0, shardSize);
        // Degraded read: two data shards lost (k=2: both), rebuilt from the rest (the expensive case).
        twoMissing = new boolean[k + m];
        Arrays.fill(twoMissing, true);
        twoMissing[0] = false;
        twoMissing[1] = false;
    }

    @Benchmark
    public void encode(Blackhole bh) {
        codec.encode(shards, 0, shardSize);
        bh.consume(shards);
    }

    @Benchmark
    public void reconstructTwo(Blackhole bh) {
        codec.reconstruct(shards, twoMissing, 0, shardSize);
        bh.consume(shards);
    }

    /** The baseline, measured in the same run: copy the same k data shards (1 MiB) with System.arraycopy. */
    @Benchmark
    public void copyBaseline(Blackhole bh) {
        for (int i = 0; i < k; i++) {
            System.arraycopy(shards[i], 0, copies[i], 0, shardSize);
        }
        bh.consume(copies);
    }
}
