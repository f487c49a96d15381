package io.granary.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a {@link io.granary.server.GranaryServer} needs to start. Built by the command line, or directly by
 * tests (see {@link #forTest}).
 *
 * @param address        where to listen; port 0 picks a free port
 * @param dataDirs       data folders (one for now)
 * @param rootUser       root access key
 * @param rootPassword   root secret key
 * @param domains        base domains for virtual-host style requests; empty for path style only
 * @param region         the region the server reports
 * @param shutdownGrace  how long a stop waits for in-flight requests
 * @param maxHeaderBytes the largest request header section accepted
 * @param fsync          whether writes are fsynced (on unless a test turns it off)
 * @param parity         parity shards per erasure set with two or more data folders; null for the default by set
 *                       size (2-3 drives: 1, 4-5: 2, 6-7: 3, 8 and more: 4)
 */
public record ServerConfig(InetSocketAddress address, List<Path> dataDirs, String rootUser, String rootPassword,
                           List<String> domains, String region, Duration shutdownGrace, int maxHeaderBytes,
                           boolean fsync, Integer parity) {

    public static final String DEFAULT_USER = "granaryadmin";
    public static final String DEFAULT_PASSWORD = "granaryadmin";

    public ServerConfig {
        dataDirs = List.copyOf(dataDirs);
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /** A server on 127.0.0.1 with a free port, the given folder, the default credentials. */
    public static ServerConfig forTest(Path dataDir) {
        return new ServerConfig(new InetSocketAddress("127.0.0.1", 0), List.of(dataDir), DEFAULT_USER,
                DEFAULT_PASSWORD, List.of(), "us-east-1", Duration.ofSeconds(5), 16 * 1024, true, null);
    }

    public ServerConfig withDomains(List<String> newDomains) {
        return new ServerConfig(address, dataDirs, rootUser, rootPassword, newDomains, region, shutdownGrace,
                maxHeaderBytes, fsync, parity);
    }

    /** The same server over several data folders (an erasure-coded set when there are two or more). */
    public ServerConfig withDataDirs(List<Path> newDataDirs) {
        return new ServerConfig(address, newDataDirs, rootUser, rootPassword, domains, region, shutdownGrace,
                maxHeaderBytes, fsync, parity);
    }
}
