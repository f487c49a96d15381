package io.granary.server;

import io.granary.server.config.ServerConfig;

import java.net.InetSocketAddress;

/**
 * A running Granary server. {@link #start} binds and serves; {@link #close} stops accepting, drains in-flight
 * requests for up to the configured grace period, then releases everything.
 */
public final class GranaryServer implements AutoCloseable {
    private final io.granary.server.internal.NettyServer engine;

    private GranaryServer(io.granary.server.internal.NettyServer engine) {
        this.engine = engine;
    }

    public static GranaryServer start(ServerConfig config) {
        return new GranaryServer(io.granary.server.internal.NettyServer.start(config));
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
