package io.granary.server.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * The server's platform set-up, done once at start: decide, build the bounded allocator, then pick the transport.
 * Call {@link #prepare} first in server start-up (before other Netty use) so the buffer cap reaches Netty.
 *
 * @param decisions what was decided and why
 * @param allocator the allocator to install as {@code ChannelOption.ALLOCATOR}
 * @param transport the transport to build the event loops and server channel with
 */
public record ServerPlatform(PlatformDecisions decisions, AllocatorSetup allocator, TransportSelection transport) {
    private static final Logger log = LoggerFactory.getLogger(ServerPlatform.class);

    public static ServerPlatform prepare(PlatformOptions options, List<Path> dataDirs) {
        PlatformDecisions d = PlatformDecisions.decide(options, dataDirs, System.getenv(), dataDirs.size() > 1);
        AllocatorSetup alloc = AllocatorSelector.create(d.allocator(), d.cap());
        TransportSelection t = NativeTransports.select(d.transportOrder());
        ServerPlatform p = new ServerPlatform(d, alloc, t);
        log.info("platform: {}; allocator {} ({}), cap {} ({}); transport {}; erasure codec {}",
                d.report().facts().describe(), d.allocator().kind(), d.allocator().reason(),
                ByteSize.format(d.cap().maxBytes()), alloc.enforcement(), t.chosen().kind(), d.codec());
        return p;
    }
}
