package io.granary.erasure.bench;

import io.granary.erasure.BitrotHash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bitrot hashing of one shard block, with SHA-256 (JDK intrinsic, SHA-NI where the CPU has it) for comparison and
 * the same-bytes System.arraycopy baseline. MB/s = ops/s * size / 2^20.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class BitrotBenchmark {
    @Param({"1048576"})
    public int size;

    /** "auto": the Vector API bulk loop where the JVM has the module (it does in these forks); "scalar": forced off. */
    @Param({"auto", "scalar"})
    public String impl;

    private byte[] key;
    private byte[] data;
    private byte[] copy;
    private MessageDigest sha256;

    @Setup
    public void setup() throws NoSuchAlgorithmException {
        if (impl.equals("scalar")) {
            System.setProperty("granary.erasure.scalarBitrotHash", "true"); // read once, on first use below
        }
        SplittableRandom random = new SplittableRandom(2);
        key = new byte[32];
        random.nextBytes(key);
        data = new byte[size];
        copy = new byte[size];
        random.nextBytes(data);
        sha256 = MessageDigest.getInstance("SHA-256");
        if (!io.granary.erasure.ErasureCodecs.awaitWarmUp(java.time.Duration.ofSeconds(30))) {
            throw new IllegalStateException("hash did not warm up in 30 s");
        }
        String expected = impl.equals("scalar") ? "scalar" : "vector-256";
        if (!BitrotHash.implementation().equals(expected)) {
            throw new IllegalStateException("BitrotHash runs " + BitrotHash.implementation() + ", wanted " + expected);
        }
    }

    @Benchmark
    public byte[] highwayHash256() {
        return BitrotHash.hash(key, data, 0, size);
    }

    @Benchmark
    public byte[] sha256() {
        return sha256.digest(data);
    }

    @Benchmark
    public byte[] copyBaseline() {
        System.arraycopy(data, 0, copy, 0, size);
        return copy;
    }
}
