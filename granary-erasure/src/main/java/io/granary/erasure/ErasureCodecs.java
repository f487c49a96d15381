package io.granary.erasure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Creates {@link ErasureCodec}s on the fastest kernel this JVM can run.
 *
 * <p>Kernels are probed lazily, once, on the first call of {@link #probe()}, {@link #choose} or {@link #create} (never
 * during class initialisation, so {@code --version} stays instant). Optional kernels are loaded reflectively and only
 * after their prerequisites were found, so a JVM without {@code jdk.incubator.vector} or without {@code libisal} never
 * fails to load this class; each probe also runs a small self-test against the pure-Java kernel before it is trusted.
 *
 * <p>Preference when nothing is forced: with 512-bit vectors (AVX-512) VECTOR, then ISA_L; otherwise ISA_L, then
 * VECTOR; PURE_JAVA last. Measured on an AVX-512 machine (docs/PERFORMANCE-erasure.md): the 512-bit Vector kernel
 * was level with or ahead of ISA-L, while limited to 256 or 128 bits it reached only 55-70% of ISA-L.
 *
 * <p>Runtime flags: VECTOR needs {@code --add-modules jdk.incubator.vector}; ISA_L needs {@code libisal.so.2} on the
 * loader path (Debian/Ubuntu package {@code libisal2}) and native access for this code ({@code
 * --enable-native-access=ALL-UNNAMED}, or the {@code Enable-Native-Access: ALL-UNNAMED} manifest attribute of an
 * executable jar). Without native access the probe reports ISA_L unavailable instead of triggering the JDK's
 * illegal-native-access warning.
 */
public final class ErasureCodecs {
    private static final System.Logger LOG = System.getLogger(ErasureCodecs.class.getName());

    private ErasureCodecs() {}

    /** Probes and loaded kernels, computed once on first use. */
    private static final class Holder {
        static final Map<CodecKernel, KernelProbe> PROBES = new EnumMap<>(CodecKernel.class);
        static final Map<CodecKernel, GfKernel> KERNELS = new EnumMap<>(CodecKernel.class);
        static final Map<CodecKernel, GfKernel> RAW = new EnumMap<>(CodecKernel.class);

        static {
            for (CodecKernel kernel : CodecKernel.values()) {
                KernelProbe probe;
                try {
                    GfKernel loaded = load(kernel);
                    selfTest(loaded);
                    RAW.put(kernel, loaded);
                    // Vector API code is slow until C2 compiles it: serve from pure Java while it warms up.
                    KERNELS.put(kernel, kernel == CodecKernel.VECTOR
                            ? new WarmingKernel(loaded, PureJavaKernel.INSTANCE).start() : loaded);
                    probe = new KernelProbe(kernel, true, null);
                } catch (Unavailable e) {
                    probe = new KernelProbe(kernel, false, e.getMessage());
                } catch (Throwable t) { // LinkageError, UnsatisfiedLinkError, a failed self-test, ...
                    probe = new KernelProbe(kernel, false, describe(t));
                }
                PROBES.put(kernel, probe);
            }
        }
    }

    /**
     * A codec for k data and m parity shards ({@code 1 <= k}, {@code 0 <= m}, {@code k+m <= 256}) on the fastest
     * available kernel, or on {@code forcedOrNull}. Never throws for a missing optional kernel: a forced kernel that
     * is unavailable falls back to PURE_JAVA with a WARNING log line giving the reason (also in {@link #choose}).
     *
     * @throws IllegalArgumentException for an impossible k, m
     */
    public static ErasureCodec create(int k, int m, CodecKernel forcedOrNull) {
        RsCodec.checkShape(k, m);
        KernelChoice choice = choose(forcedOrNull);
        if (forcedOrNull != null && choice.kernel() != forcedOrNull) {
            LOG.log(System.Logger.Level.WARNING, "erasure codec: " + choice.reason());
        }
        return new RsCodec(k, m, Holder.KERNELS.get(choice.kernel()));
    }

    /** Which kernel {@link #create} would use for {@code forcedOrNull}, and why: for the startup log line. */
    public static KernelChoice choose(CodecKernel forcedOrNull) {
        if (forcedOrNull != null) {
            KernelProbe probe = Holder.PROBES.get(forcedOrNull);
            if (probe.available()) {
                return new KernelChoice(forcedOrNull, "forced " + forcedOrNull);
            }
            return new KernelChoice(CodecKernel.PURE_JAVA, "forced " + forcedOrNull + " unavailable ("
                    + probe.unavailabilityCause() + "); fell back to PURE_JAVA");
        }
        List<String> skipped = new ArrayList<>();
        for (CodecKernel kernel : preference()) {
            KernelProbe probe = Holder.PROBES.get(kernel);
            if (probe.available()) {
                String why = skipped.isEmpty() ? "fastest kernel" : "fastest available kernel; " + String.join("; ", skipped);
                return new KernelChoice(kernel, why);
            }
            skipped.add(kernel + " unavailable: " + probe.unavailabilityCause());
        }
        throw new AssertionError("PURE_JAVA is always available");
    }

    private static List<CodecKernel> preference() {
        GfKernel vector = Holder.KERNELS.get(CodecKernel.VECTOR);
        boolean wide = vector != null && vectorBits(vector.name()) >= 512;
        return wide
                ? List.of(CodecKernel.VECTOR, CodecKernel.ISA_L, CodecKernel.PURE_JAVA)
                : List.of(CodecKernel.ISA_L, CodecKernel.VECTOR, CodecKernel.PURE_JAVA);
    }

    /** 512 for "vector-512" (kernel names are the only thing read here, so VectorKernel stays unreferenced). */
    private static int vectorBits(String name) {
        try {
            return Integer.parseInt(name.substring(name.indexOf('-') + 1));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Waits until the optional kernels and the bitrot hash have finished warming up (Vector API code runs from the
     * pure-Java/scalar fallback until C2 has compiled it, normally a second or two after first use), for benchmarks
     * and tests that want full speed at once. Probes first if needed. True if warm within the timeout.
     */
    public static boolean awaitWarmUp(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        BitrotHash.implementation(); // starts the hash warm-up if it was never used
        while (true) {
            boolean warm = BitrotHash.vectorWarm() || BitrotHash.implementation().equals("scalar");
            for (GfKernel kernel : Holder.KERNELS.values()) {
                if (kernel instanceof WarmingKernel w && !w.isWarm()) {
                    warm = false;
                }
            }
            if (warm) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** One probe per {@link CodecKernel}, in enum order. */
    public static List<KernelProbe> probe() {
        List<KernelProbe> out = new ArrayList<>();
        for (CodecKernel kernel : CodecKernel.values()) {
            out.add(Holder.PROBES.get(kernel));
        }
        return List.copyOf(out);
    }

    /** The kernel {@link #create} uses (VECTOR wrapped in its {@link WarmingKernel}); null when unavailable. */
    static GfKernel kernel(CodecKernel kernel) {
        return Holder.KERNELS.get(kernel);
    }

    /** The kernel itself, never routed to a fallback: for tests in this package. Null when unavailable. */
    static GfKernel rawKernel(CodecKernel kernel) {
        return Holder.RAW.get(kernel);
    }

    private static GfKernel load(CodecKernel kernel) throws Throwable {
        return switch (kernel) {
            case PURE_JAVA -> PureJavaKernel.INSTANCE;
            case VECTOR -> {
                if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                    throw new Unavailable("module jdk.incubator.vector is not in the boot layer"
                            + " (run the JVM with --add-modules jdk.incubator.vector)");
                }
                yield loadReflectively("io.granary.erasure.VectorKernel");
            }
            case ISA_L -> {
                if (!ErasureCodecs.class.getModule().isNativeAccessEnabled()) {
                    throw new Unavailable("native access is not enabled for " + ErasureCodecs.class.getModule()
                            + " (run the JVM with --enable-native-access=ALL-UNNAMED)");
                }
                yield loadReflectively("io.granary.erasure.IsalKernel");
            }
        };
    }

    /** Calls the kernel's static {@code create()}; its own checks throw {@link Unavailable} with a reason. */
    private static GfKernel loadReflectively(String className) throws Throwable {
        try {
            Class<?> type = Class.forName(className, true, ErasureCodecs.class.getClassLoader());
            return (GfKernel) type.getDeclaredMethod("create").invoke(null);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Encodes and reconstructs a few odd-sized random blocks and compares with the pure-Java kernel. */
    private static void selfTest(GfKernel kernel) {
        if (kernel == PureJavaKernel.INSTANCE) {
            return;
        }
        SplittableRandom random = new SplittableRandom(0x5EEDL);
        int[][] shapes = {{4, 2}, {10, 4}, {3, 1}};
        for (int[] shape : shapes) {
            int k = shape[0];
            int m = shape[1];
            int len = 1000 + random.nextInt(300);
            byte[][] a = new byte[k + m][len + 3];
            byte[][] b = new byte[k + m][len + 3];
            for (int i = 0; i < k; i++) {
                random.nextBytes(a[i]);
                b[i] = a[i].clone();
            }
            new RsCodec(k, m, kernel).encode(a, 3, len);
            new RsCodec(k, m, PureJavaKernel.INSTANCE).encode(b, 3, len);
            for (int i = 0; i < k + m; i++) {
                if (!Arrays.equals(a[i], b[i])) {
                    throw new IllegalStateException(kernel.name() + " self-test: parity differs from pure-java for "
                            + k + "+" + m + " at shard " + i);
                }
            }
            boolean[] present = new boolean[k + m];
            Arrays.fill(present, true);
            present[0] = false;
            present[k + m - 1] = false;
            if (m >= 2) {
                Arrays.fill(a[0], 3, 3 + len, (byte) 0);
                Arrays.fill(a[k + m - 1], 3, 3 + len, (byte) 0);
                new RsCodec(k, m, kernel).reconstruct(a, present, 3, len);
                for (int i = 0; i < k + m; i++) {
                    if (!Arrays.equals(a[i], b[i])) {
                        throw new IllegalStateException(kernel.name() + " self-test: reconstruct differs for "
                                + k + "+" + m + " at shard " + i);
                    }
                }
            }
        }
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }

    /** Thrown by a kernel's loader with the human-readable reason it cannot run here. */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }
}
