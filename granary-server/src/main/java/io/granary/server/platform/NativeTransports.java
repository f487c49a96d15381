package io.granary.server.platform;

import io.granary.platform.TransportKind;
import io.granary.platform.TransportOrder;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the network transport after start-up, only when asked. Candidates are tried in the order given by
 * {@link io.granary.platform.TransportPolicy}; each native one is checked with Netty's own
 * {@code isAvailable()}/{@code unavailabilityCause()} ({@code IoUring}, {@code Epoll}, {@code KQueue}).
 *
 * <p>Native transports are reached by reflection, so a build without the native jars, a missing class, an
 * {@link UnsatisfiedLinkError} or any other {@link Throwable} just makes that candidate "unavailable: reason".
 * Each native failure is logged once per process as a warning; nothing here is ever fatal, because NIO (pure
 * Java) is always the last candidate and always available.
 */
public final class NativeTransports {
    private static final Logger log = LoggerFactory.getLogger(NativeTransports.class);
    private static final Set<TransportKind> WARNED = EnumSet.noneOf(TransportKind.class);

    private NativeTransports() {}

    /** Tries the candidates in order and returns the first available; stops probing there. */
    public static TransportSelection select(TransportOrder order) {
        return select(order, false);
    }

    /**
     * @param probeAll also probe the candidates after the chosen one (for {@code granary info})
     */
    public static TransportSelection select(TransportOrder order, boolean probeAll) {
        List<TransportProbe> probes = new ArrayList<>();
        ChosenTransport chosen = null;
        for (TransportKind kind : order.candidates()) {
            if (chosen != null && !probeAll) break;
            Attempt a = attempt(kind);
            probes.add(a.probe);
            if (a.transport != null && chosen == null) chosen = a.transport;
            if (!a.probe.available()) warnOnce(a.probe);
        }
        if (chosen == null) chosen = nio(); // unreachable with a valid TransportOrder; kept as a last resort
        return new TransportSelection(chosen, order, probes);
    }

    /** The pure-Java transport; always available. */
    public static ChosenTransport nio() {
        return new ChosenTransport(TransportKind.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    record Attempt(TransportProbe probe, ChosenTransport transport) {}

    private static Attempt attempt(TransportKind kind) {
        if (kind == TransportKind.NIO) {
            return new Attempt(new TransportProbe(kind, true, "pure Java, always available"), nio());
        }
        return attempt(kind, NativeNames.of(kind));
    }

    /** Probes one native transport through the given class names (tests pass failing stand-ins). */
    static Attempt attempt(TransportKind kind, NativeNames n) {
        try {
            ClassLoader cl = NativeTransports.class.getClassLoader();
            Class<?> probe = Class.forName(n.probeClass, true, cl);
            boolean available = (Boolean) probe.getMethod("isAvailable").invoke(null);
            if (!available) {
                Object cause = probe.getMethod("unavailabilityCause").invoke(null);
                return new Attempt(new TransportProbe(kind, false, "unavailable: " + describe(cause)), null);
            }
            IoHandlerFactory factory = (IoHandlerFactory) Class.forName(n.handlerClass, true, cl)
                    .getMethod("newFactory").invoke(null);
            Class<? extends ServerChannel> channel =
                    Class.forName(n.channelClass, true, cl).asSubclass(ServerChannel.class);
            return new Attempt(new TransportProbe(kind, true, "available (" + n.probeClass + ".isAvailable())"),
                    new ChosenTransport(kind, factory, channel));
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return new Attempt(new TransportProbe(kind, false,
                    "unavailable: " + n.artifact + " is not on the class path (" + e.getMessage() + ")"), null);
        } catch (Throwable t) {
            Throwable cause = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
            return new Attempt(new TransportProbe(kind, false, "unavailable: " + describe(cause)), null);
        }
    }

    private static void warnOnce(TransportProbe p) {
        if (!p.kind().isNative()) return;
        boolean first;
        synchronized (WARNED) {
            first = WARNED.add(p.kind());
        }
        if (first) log.warn("native transport {} not used, falling back: {}", p.kind(), p.reason());
    }

    private static String describe(Object cause) {
        if (cause == null) return "no cause given";
        if (cause instanceof Throwable t) {
            String m = t.getMessage();
            String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
            Throwable root = t.getCause();
            if (root != null && root != t && root.getMessage() != null) s += " (caused by " + root.getMessage() + ")";
            return s.length() > 400 ? s.substring(0, 400) + "..." : s;
        }
        return cause.toString();
    }

    /** Class names per native transport; never linked directly so their absence cannot break this class. */
    record NativeNames(String probeClass, String handlerClass, String channelClass, String artifact) {
        static NativeNames of(TransportKind kind) {
            return switch (kind) {
                case IO_URING -> new NativeNames("io.netty.channel.uring.IoUring",
                        "io.netty.channel.uring.IoUringIoHandler", "io.netty.channel.uring.IoUringServerSocketChannel",
                        "netty-transport-native-io_uring");
                case EPOLL -> new NativeNames("io.netty.channel.epoll.Epoll",
                        "io.netty.channel.epoll.EpollIoHandler", "io.netty.channel.epoll.EpollServerSocketChannel",
                        "netty-transport-native-epoll");
                case KQUEUE -> new NativeNames("io.netty.channel.kqueue.KQueue",
                        "io.netty.channel.kqueue.KQueueIoHandler", "io.netty.channel.kqueue.KQueueServerSocketChannel",
                        "netty-transport-native-kqueue");
                case NIO -> throw new IllegalArgumentException("NIO is not native");
            };
        }
    }
}
