package io.granary.server;

import io.granary.server.config.ServerConfig;
import io.granary.server.internal.NettyServer;
import io.granary.server.platform.PlatformOptions;
import io.granary.server.platform.ServerPlatform;

import java.net.InetSocketAddress;

/**
 * A running Granary server. {@link #start} binds and serves; {@link #close} stops accepting, drains in-flight
 * requests for up to the configured grace period, then releases everything.
 */
public final class GranaryServer implements AutoCloseable {
    private final NettyServer engine;

    private GranaryServer(NettyServer engine) {
        this.engine = engine;
    }

    public static GranaryServer start(ServerConfig config) {
        return start(config, ServerPlatform.prepare(new PlatformOptions(), config.dataDirs()));
    }

    /** Starts with the transport and allocator already chosen for this platform (see {@link ServerPlatform}). */
    public static GranaryServer start(ServerConfig config, ServerPlatform platform) {
        return new GranaryServer(NettyServer.start(config, platform));
    }

    /** The address actually bound (with the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        return engine.boundAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** "http://127.0.0.1:PORT". */
    public String endpoint() {
        return "http://" + address().getAddress().getHostAddress() + ":" + port();
    }

    @Override
    public void close() {
        engine.close();
    }
}
