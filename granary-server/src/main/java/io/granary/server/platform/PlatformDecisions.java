package io.granary.server.platform;

import io.granary.platform.AllocatorChoice;
import io.granary.platform.AllocatorPolicy;
import io.granary.platform.PlatformProbe;
import io.granary.platform.PlatformReport;
import io.granary.platform.TransportOrder;
import io.granary.platform.TransportPolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every platform decision, before any Netty class is touched: the probe report, the allocator choice and its cap,
 * the transport order, pure-Java mode, and the erasure codec (not yet implemented).
 */
public record PlatformDecisions(PlatformReport report, boolean pureJava, AllocatorChoice allocator,
                                BufferMemoryCap cap, TransportOrder transportOrder, String codec) {
    /** Placeholder until the erasure codec exists. */
    public static final String CODEC_PLACEHOLDER = "erasure codec: not yet implemented";

    /** Probes the platform (including the data folders' filesystems) and applies the policies. */
    public static PlatformDecisions decide(PlatformOptions options, List<Path> dataDirs, Map<String, String> env) {
        PlatformReport report = PlatformProbe.probe(dataDirs);
        return decide(report, options, env);
    }

    /** Applies the policies to an existing report. */
    public static PlatformDecisions decide(PlatformReport report, PlatformOptions options, Map<String, String> env) {
        boolean pure = options.pureJava(env);
        return new PlatformDecisions(report, pure,
                AllocatorPolicy.choose(report.facts(), options.allocatorOverride()),
                BufferMemoryCap.resolve(options.maxBufferMemory(), report.memory().maxDirectBytes()),
                TransportPolicy.order(report.facts(), pure, options.transportOverride()),
                CODEC_PLACEHOLDER);
    }
}
