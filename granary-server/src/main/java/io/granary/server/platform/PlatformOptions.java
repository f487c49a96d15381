package io.granary.server.platform;

import io.granary.platform.AllocatorKind;
import io.granary.platform.TransportKind;
import io.granary.platform.TransportPolicy;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * The platform switches shared by {@code granary server} and {@code granary info}, as a picocli mixin
 * ({@code @Mixin PlatformOptions platform;}). Parsing them loads no Netty class.
 */
public final class PlatformOptions {
    @Option(names = "--allocator", paramLabel = "pooled|adaptive|unpooled", converter = AllocatorConverter.class,
            description = "Force the buffer allocator (default: chosen per platform; see `granary info`).")
    AllocatorKind allocator;

    @Option(names = "--pure-java",
            description = "Use no native code at all: NIO transport, Java codecs (or set GRANARY_PURE_JAVA=1).")
    boolean pureJava;

    @Option(names = "--transport", paramLabel = "io_uring|epoll|kqueue|nio", converter = TransportConverter.class,
            description = "Force the network transport (NIO is still the fallback if it is unavailable).")
    TransportKind transport;

    @Option(names = "--max-buffer-memory", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "Cap on direct buffer memory, e.g. 512m, 2g (default: the JVM's direct-memory limit).")
    Long maxBufferMemory;

    @Option(names = "--erasure-kernel", paramLabel = "pure-java|vector|isa-l", converter = KernelConverter.class,
            description = "Force the erasure codec kernel (default: the fastest available; see `granary info`).")
    io.granary.erasure.CodecKernel erasureKernel;

    public PlatformOptions() {}

    public PlatformOptions(AllocatorKind allocator, boolean pureJava, Long maxBufferMemory) {
        this.allocator = allocator;
        this.pureJava = pureJava;
        this.maxBufferMemory = maxBufferMemory;
    }

    /** Options that force {@code transport} and leave every other choice to the platform (tests and tools). */
    public static PlatformOptions forcingTransport(TransportKind transport) {
        PlatformOptions options = new PlatformOptions();
        options.transport = transport;
        return options;
    }

    /** The forced allocator, or null for the platform's choice. */
    public AllocatorKind allocatorOverride() {
        return allocator;
    }

    /** True when --pure-java is given or GRANARY_PURE_JAVA is 1/true/yes in {@code env}. */
    public boolean pureJava(Map<String, String> env) {
        return TransportPolicy.pureJavaRequested(pureJava, env);
    }

    /** The forced transport, or null for the platform's order. */
    public TransportKind transportOverride() {
        return transport;
    }

    /** The forced erasure codec kernel, or null for the fastest available. */
    public io.granary.erasure.CodecKernel erasureKernelOverride() {
        return erasureKernel;
    }

    static final class KernelConverter implements picocli.CommandLine.ITypeConverter<io.granary.erasure.CodecKernel> {
        @Override
        public io.granary.erasure.CodecKernel convert(String value) {
            return io.granary.erasure.CodecKernel.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT)
                    .replace('-', '_'));
        }
    }

    /** The --max-buffer-memory value in bytes, or null when not given. */
    public Long maxBufferMemory() {
        return maxBufferMemory;
    }

    static final class AllocatorConverter implements picocli.CommandLine.ITypeConverter<AllocatorKind> {
        @Override
        public AllocatorKind convert(String value) {
            return AllocatorKind.parse(value);
        }
    }

    static final class TransportConverter implements picocli.CommandLine.ITypeConverter<TransportKind> {
        @Override
        public TransportKind convert(String value) {
            return TransportKind.parse(value);
        }
    }

    static final class ByteSizeConverter implements picocli.CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return ByteSize.parse(value);
        }
    }
}
