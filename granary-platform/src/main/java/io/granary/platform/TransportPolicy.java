package io.granary.platform;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders the transport candidates for a platform; a pure function. The server then tries them in order after
 * start-up and keeps the first that is available (NIO always is).
 *
 * <ul>
 *   <li>Linux on an arch we ship native builds for: IO_URING, EPOLL, NIO</li>
 *   <li>macOS: KQUEUE (only if shipped), NIO</li>
 *   <li>everything else, and pure-Java mode: NIO</li>
 * </ul>
 */
public final class TransportPolicy {
    /** Environment variable that, set to 1/true/yes, disables all native code like {@code --pure-java}. */
    public static final String PURE_JAVA_ENV = "GRANARY_PURE_JAVA";
    /** What the distribution ships today: Linux io_uring/epoll for x86_64 and aarch64; no kqueue. */
    public static final Set<TransportKind> SHIPPED =
            EnumSet.of(TransportKind.IO_URING, TransportKind.EPOLL, TransportKind.NIO);

    private TransportPolicy() {}

    /** Reason text used when the transport comes from the command line. */
    public static final String FORCED = "forced by --transport";

    /** Order for what the distribution ships ({@link #SHIPPED}). */
    public static TransportOrder order(PlatformFacts facts, boolean pureJava) {
        return order(facts, pureJava, SHIPPED);
    }

    /**
     * Order with an optional {@code --transport} override: the forced transport, then NIO as the fallback if it
     * turns out unavailable. Pure-Java mode still wins over a forced native transport.
     *
     * @param forced the override, or null for the platform's order
     */
    public static TransportOrder order(PlatformFacts facts, boolean pureJava, TransportKind forced) {
        if (forced == null || (pureJava && forced.isNative())) return order(facts, pureJava, SHIPPED);
        return new TransportOrder(forced == TransportKind.NIO ? List.of(TransportKind.NIO)
                : List.of(forced, TransportKind.NIO), FORCED);
    }

    /** Order given the set of transports actually shipped with this build. */
    public static TransportOrder order(PlatformFacts facts, boolean pureJava, Set<TransportKind> shipped) {
        if (pureJava) {
            return new TransportOrder(List.of(TransportKind.NIO),
                    "pure Java requested (--pure-java or " + PURE_JAVA_ENV + "=1): native transports disabled");
        }
        List<TransportKind> out = new ArrayList<>();
        String reason;
        switch (facts.os()) {
            case LINUX -> {
                if (facts.arch() == Arch.OTHER) {
                    reason = "linux on an arch without shipped native transports";
                } else {
                    addIfShipped(out, shipped, TransportKind.IO_URING, TransportKind.EPOLL);
                    reason = "linux: io_uring, then epoll, then NIO";
                }
            }
            case MACOS -> {
                addIfShipped(out, shipped, TransportKind.KQUEUE);
                reason = out.isEmpty() ? "macos: kqueue is not shipped, NIO" : "macos: kqueue, then NIO";
            }
            default -> reason = facts.os().name().toLowerCase(java.util.Locale.ROOT) + ": NIO only";
        }
        out.add(TransportKind.NIO);
        return new TransportOrder(out, reason);
    }

    /**
     * Whether pure-Java mode is on: the command-line flag, or {@value #PURE_JAVA_ENV} set to 1, true or yes.
     */
    public static boolean pureJavaRequested(boolean cliFlag, Map<String, String> env) {
        if (cliFlag) return true;
        String v = env.get(PURE_JAVA_ENV);
        if (v == null) return false;
        v = v.trim().toLowerCase(java.util.Locale.ROOT);
        return v.equals("1") || v.equals("true") || v.equals("yes");
    }

    private static void addIfShipped(List<TransportKind> out, Set<TransportKind> shipped, TransportKind... kinds) {
        for (TransportKind k : kinds) if (shipped.contains(k)) out.add(k);
    }
}
