package io.granary.server.platform;

import io.granary.platform.AllocatorChoice;
import io.granary.platform.AllocatorPolicy;
import io.granary.platform.PlatformProbe;
import io.granary.platform.PlatformReport;
import io.granary.platform.TransportOrder;
import io.granary.platform.TransportPolicy;

import io.granary.erasure.CodecKernel;
import io.granary.erasure.ErasureCodecs;
import io.granary.erasure.KernelChoice;
import io.granary.erasure.KernelProbe;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every platform decision, before any Netty class is touched: the probe report, the allocator choice and its cap,
 * the transport order, pure-Java mode, and the erasure codec kernel (probed here, after start-up).
 */
public record PlatformDecisions(PlatformReport report, boolean pureJava, AllocatorChoice allocator,
                                BufferMemoryCap cap, TransportOrder transportOrder, String codec,
                                CodecKernel forcedKernel) {
    /** What the codec line says when the server has one data folder: nothing is erasure coded, nothing probed. */
    static final String CODEC_NOT_USED = "not used (one data folder: erasure coding needs two or more drives)";

    /** Probes the platform (including the data folders' filesystems) and applies the policies. */
    public static PlatformDecisions decide(PlatformOptions options, List<Path> dataDirs, Map<String, String> env) {
        return decide(options, dataDirs, env, true);
    }

    /**
     * As {@link #decide(PlatformOptions, List, Map)}; with {@code probeCodec} false the erasure codec kernels are
     * neither probed nor warmed up (a one-folder server never encodes), and the codec line says so.
     */
    public static PlatformDecisions decide(PlatformOptions options, List<Path> dataDirs, Map<String, String> env,
                                           boolean probeCodec) {
        PlatformReport report = PlatformProbe.probe(dataDirs);
        return decide(report, options, env, probeCodec);
    }

    /** Applies the policies to an existing report. */
    public static PlatformDecisions decide(PlatformReport report, PlatformOptions options, Map<String, String> env) {
        return decide(report, options, env, true);
    }

    private static PlatformDecisions decide(PlatformReport report, PlatformOptions options, Map<String, String> env,
                                            boolean probeCodec) {
        boolean pure = options.pureJava(env);
        CodecKernel forced = pure ? CodecKernel.PURE_JAVA : options.erasureKernelOverride();
        return new PlatformDecisions(report, pure,
                AllocatorPolicy.choose(report.facts(), options.allocatorOverride()),
                BufferMemoryCap.resolve(options.maxBufferMemory(), report.memory().maxDirectBytes()),
                TransportPolicy.order(report.facts(), pure, options.transportOverride()),
                probeCodec ? codec(forced) : CODEC_NOT_USED, forced);
    }

    /** The erasure codec kernel that will run, why, and what every candidate kernel's probe found. */
    static String codec(CodecKernel forced) {
        KernelChoice choice = ErasureCodecs.choose(forced);
        StringBuilder sb = new StringBuilder(choice.kernel().name()).append(" (").append(choice.reason()).append(")");
        for (KernelProbe p : ErasureCodecs.probe()) {
            sb.append("; ").append(p.kernel()).append(p.available() ? " available"
                    : " unavailable: " + p.unavailabilityCause());
        }
        return sb.toString();
    }
}
