package io.granary.server.internal;

import io.granary.s3.S3Service;
import io.granary.s3.auth.Credentials;
import io.granary.s3.handler.S3Settings;
import io.granary.s3.auth.SigV4Authenticator;
import io.granary.server.admin.AdminService;
import io.granary.server.admin.Diagnostics;
import io.granary.server.admin.MemoryReport;
import io.granary.server.cli.VersionProvider;
import io.granary.server.config.ServerConfig;
import io.granary.server.platform.InfoReport;
import io.granary.server.platform.ServerPlatform;
import io.granary.storage.ObjectStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP engine behind {@link io.granary.server.GranaryServer}: Netty HTTP/1.1 on the transport and with the buffer
 * allocator that {@link ServerPlatform} chose for this platform (native transports are optional accelerations with
 * NIO as the fallback), one {@link S3ConnectionHandler} per
 * connection, and a virtual thread per request (reads without a body run on the event loop when the storage engine's
 * reads never wait: see {@link ObjectStore#readsNeverWait}).
 */
public final class NettyServer {
    private static final Logger log = LoggerFactory.getLogger(NettyServer.class);
    /**
     * Largest socket read, and largest body chunk the HTTP decoder passes on. Reads start small and grow only while
     * they come back full, so small requests keep small buffers; an upload is received in up to 256 KiB reads
     * instead of Netty's default 64 KiB, a quarter of the reads, body chunks and reader wake-ups (PUT 64 MiB: about
     * 8% more throughput on 2 cores, see docs/PERFORMANCE.md).
     */
    static final int MAX_READ_BYTES = 256 * 1024;

    private final ServerConfig config;
    private final ObjectStore store;
    private final EventLoopGroup boss;
    private final EventLoopGroup workersLoop;
    private final ExecutorService requestThreads;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final InFlight inFlight = new InFlight();
    private final Channel serverChannel;
    private boolean closed;

    private NettyServer(ServerConfig config, ServerPlatform platform) {
        this.config = config;
        this.store = StoreFactory.open(config, platform.decisions().forcedKernel());
        Credentials credentials = Credentials.single(config.rootUser(), config.rootPassword());
        S3Service s3 = new S3Service(store, credentials, new S3Settings(config.region(), config.domains(),
                S3SettingsDefaults.OWNER_ID, S3SettingsDefaults.OWNER_NAME), Clock.systemUTC());
        AdminService admin = new AdminService(
                new SigV4Authenticator(credentials, Clock.systemUTC(), config.domains()), config.rootUser(),
                () -> InfoReport.tree(VersionProvider.version(), platform.decisions(), platform.allocator(),
                        platform.transport()),
                () -> MemoryReport.of(platform.allocator().allocator()),
                Diagnostics.ofThisJvm(), diagnosticsDir(), store);
        RequestService service = RequestService.routing(admin::handle, s3::handle, store.readsNeverWait());
        this.requestThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("s3-request-", 0).factory());
        var transport = platform.transport().chosen();
        var allocator = platform.allocator().allocator();
        FileBodies fileBodies = FileBodies.forTransport(transport.kind());
        ResponseWriter writer = new ResponseWriter(fileBodies);
        this.boss = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        // One event loop per core (Netty's default is two): reads are served on the loops, and more loops than
        // cores only add context switches (measured: about 1.5x the GET 4 KiB rate on 2 cores with io_uring).
        this.workersLoop = new MultiThreadIoEventLoopGroup(eventLoops(), transport.ioHandlerFactory());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workersLoop)
                    .channel(transport.serverChannelClass())
                    .option(ChannelOption.ALLOCATOR, allocator)
                    .childOption(ChannelOption.ALLOCATOR, allocator)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.RCVBUF_ALLOCATOR,
                            new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ_BYTES))
                    // A client that half-closes after a truncated body still gets its IncompleteBody answer.
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            channels.add(ch);
                            S3ConnectionHandler handler = new S3ConnectionHandler(service, requestThreads, inFlight,
                                    writer);
                            ch.pipeline()
                                    .addLast("idle", new IdleStateHandler(S3ConnectionHandler.READ_IDLE_SECONDS, 0, 0))
                                    .addLast("head-watcher", handler.headWatcher())
                                    .addLast("http", new HttpServerCodec(8192, config.maxHeaderBytes(), MAX_READ_BYTES))
                                    .addLast("s3", handler);
                        }
                    });
            this.serverChannel = bootstrap.bind(config.address()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdownResources();
            throw e;
        }
        log.info("Granary S3 API listening on {}; large file bodies sent as {}", serverChannel.localAddress(),
                fileBodies.description());
    }

    /** Event loops: {@code io.netty.eventLoopThreads} if set, else one per available processor. */
    static int eventLoops() {
        Integer configured = Integer.getInteger("io.netty.eventLoopThreads");
        return configured != null && configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /** Where heap dumps and profiles go: $GRANARY_DIAGNOSTICS_DIR, else the JVM's temp folder (never a drive). */
    private static java.nio.file.Path diagnosticsDir() {
        String env = System.getenv("GRANARY_DIAGNOSTICS_DIR");
        return env != null && !env.isBlank() ? java.nio.file.Path.of(env)
                : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "granary-diagnostics");
    }

    public static NettyServer start(ServerConfig config, ServerPlatform platform) {
        return new NettyServer(config, platform);
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, waits up to the grace period for in-flight requests, then closes everything. */
    public synchronized void close() {
        if (closed) return;
        closed = true;
        serverChannel.close().syncUninterruptibly();
        int left = inFlight.awaitIdle(config.shutdownGrace());
        if (left > 0) {
            log.warn("stopping with {} request(s) still in flight after {}", left, config.shutdownGrace());
        }
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdownResources();
        log.info("Granary stopped");
    }

    private void shutdownResources() {
        requestThreads.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workersLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        try {
            store.close();
        } catch (IOException e) {
            log.warn("closing the store failed", e);
        }
    }
}
