package io.granary.server.cli;

import java.net.InetSocketAddress;

/** Parses {@code [host]:port}: ":9000" (all interfaces), "127.0.0.1:9000", "[::1]:9000", "localhost:0". */
final class ListenAddress {
    private ListenAddress() {}

    static InetSocketAddress parse(String text) {
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("--address must be [host]:port, got '" + text + "'");
        String host = s.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--address port is not a number: '" + text + "'");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--address port out of range: " + port);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
