package io.granary.bench.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** Socket set-up and tear-down shared by {@link HttpConnection} and {@link LoopConnection}. */
final class Sockets {
    private Sockets() {}

    /** A blocking channel connected to {@code address}, with Nagle off; closed again if connecting fails. */
    static SocketChannel connect(InetSocketAddress address) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(address);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Closes {@code c} (null is fine), ignoring errors: the connection is being dropped anyway. */
    static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
