package io.granary.server.cli;

import io.granary.server.GranaryServer;
import io.granary.server.config.ServerConfig;
import io.granary.server.platform.PlatformOptions;
import io.granary.server.platform.ServerPlatform;
import io.granary.storage.erasure.DriveSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code granary server [DIR...]}: serve the S3 API until SIGTERM/SIGINT, then drain and stop. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Start the S3 server.")
public final class ServerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @Parameters(arity = "0..*", paramLabel = "DIR",
            description = "Data folder(s) (default: $GRANARY_DATA_DIR, else the folder 'data' in the current "
                    + "directory). Two or more form erasure-coded "
                    + "sets; MinIO-style ellipses expand: /mnt/disk{1...4}.")
    List<String> dirs = new ArrayList<>();

    @Option(names = "--parity", description = "Parity shards per erasure set (default by set size: 2-3 drives 1, "
            + "4-5 drives 2, 6-7 drives 3, 8+ drives 4).")
    Integer parity;

    @Option(names = "--address", defaultValue = ":9000",
            description = "Listen address, [host]:port (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--domain", split = ",",
            description = "Base domain(s) for virtual-host style requests (bucket.DOMAIN).")
    List<String> domains = new ArrayList<>();

    @Option(names = "--root-user", description = "Root access key (or GRANARY_ROOT_USER).")
    String rootUser;

    @Option(names = "--root-password", description = "Root secret key (or GRANARY_ROOT_PASSWORD).")
    String rootPassword;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Region to report (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--shutdown-grace", defaultValue = "PT30S",
            description = "How long a stop waits for in-flight requests, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @picocli.CommandLine.Mixin
    PlatformOptions platform = new PlatformOptions();

    @Override
    public Integer call() {
        List<Path> dataDirs = (dirs.isEmpty() ? List.of(defaultDataDir()) : DriveSpec.expandAll(dirs)).stream()
                .map(p -> p.toAbsolutePath().normalize()).toList();
        RootCredentials creds = RootCredentials.resolve(rootUser, rootPassword, System.getenv());
        if (creds.isDefault()) {
            log.warn("*****************************************************************************");
            log.warn("* Using the DEFAULT root credentials {} / {}. Anyone who can reach {} can use this server.",
                    creds.user(), creds.password(), address.startsWith(":") ? "any interface of this machine on port "
                            + address.substring(1) : address);
            log.warn("* Set GRANARY_ROOT_USER and GRANARY_ROOT_PASSWORD (or --root-user/--root-password).");
            log.warn("*****************************************************************************");
        } else {
            log.info("root credentials from {}", creds.source());
        }
        ServerConfig config = new ServerConfig(ListenAddress.parse(address), dataDirs, creds.user(), creds.password(),
                domains, region, shutdownGrace, 16 * 1024, true, parity);
        GranaryServer server = GranaryServer.start(config, ServerPlatform.prepare(platform, dataDirs));
        log.info("data folder(s): {}", dataDirs);
        log.info("endpoint: http://{}:{}", displayHost(server), server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: draining in-flight requests");
            server.close();
            stopped.countDown();
        }, "granary-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String displayHost(GranaryServer server) {
        var addr = server.address().getAddress();
        return addr.isAnyLocalAddress() ? "127.0.0.1" : addr.getHostAddress();
    }

    private static Path defaultDataDir() {
        String env = System.getenv("GRANARY_DATA_DIR");
        return Path.of(env != null && !env.isBlank() ? env : "data");
    }
}
