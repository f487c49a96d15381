package io.granary.server.platform;

import io.granary.platform.Arch;
import io.granary.platform.Libc;
import io.granary.platform.OsFamily;
import io.granary.platform.PlatformFacts;
import io.granary.platform.TransportKind;
import io.granary.platform.TransportOrder;
import io.granary.platform.TransportPolicy;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NativeTransportsTest {
    private static final PlatformFacts LINUX = new PlatformFacts(OsFamily.LINUX, Arch.X86_64, Libc.GLIBC, 4096);

    /** isAvailable() itself fails to link, as a broken native library would. */
    public static final class LinkFails {
        public static boolean isAvailable() {
            throw new UnsatisfiedLinkError("libnetty_transport_native_epoll_x86_64.so: cannot open shared object");
        }
    }

    /** The class cannot even initialise. */
    public static final class InitFails {
        static {
            if (true) throw new UnsatisfiedLinkError("static init failed");
        }

        public static boolean isAvailable() {
            return true;
        }
    }

    /** Reports itself unavailable the Netty way. */
    public static final class SaysNo {
        public static boolean isAvailable() {
            return false;
        }

        public static Throwable unavailabilityCause() {
            return new UnsupportedOperationException("io_uring_setup: Function not implemented");
        }
    }

    @Test
    void pureJavaChoosesNioWithoutProbingNativeCode() {
        TransportSelection s = NativeTransports.select(TransportPolicy.order(LINUX, true), true);
        assertThat(s.chosen().kind()).isEqualTo(TransportKind.NIO);
        assertThat(s.chosen().serverChannelClass()).isEqualTo(NioServerSocketChannel.class);
        assertThat(s.probes()).extracting(TransportProbe::kind).containsExactly(TransportKind.NIO);
    }

    @Test
    void linuxOrderAlwaysEndsWithAUsableTransportAndAReasonPerCandidate() {
        TransportSelection s = NativeTransports.select(TransportPolicy.order(LINUX, false), true);
        assertThat(s.probes()).extracting(TransportProbe::kind)
                .containsExactly(TransportKind.IO_URING, TransportKind.EPOLL, TransportKind.NIO);
        assertThat(s.probes()).allSatisfy(p -> assertThat(p.reason()).isNotBlank());
        assertThat(s.chosen().ioHandlerFactory()).isNotNull();
        TransportKind firstAvailable = s.probes().stream().filter(TransportProbe::available).findFirst()
                .orElseThrow().kind();
        assertThat(s.chosen().kind()).isEqualTo(firstAvailable);
    }

    @Test
    void selectStopsAtTheFirstAvailableUnlessAskedForAll() {
        TransportSelection s = NativeTransports.select(new TransportOrder(List.of(TransportKind.NIO), "t"));
        assertThat(s.probes()).hasSize(1);
    }

    @Test
    void linkErrorsAndMissingClassesBecomeReasonsNotCrashes() {
        var link = NativeTransports.attempt(TransportKind.EPOLL, names(LinkFails.class.getName()));
        assertThat(link.probe().available()).isFalse();
        assertThat(link.probe().reason()).contains("UnsatisfiedLinkError").contains("cannot open shared object");

        var init = NativeTransports.attempt(TransportKind.EPOLL, names(InitFails.class.getName()));
        assertThat(init.probe().available()).isFalse();
        assertThat(init.probe().reason()).contains("static init failed");
        var again = NativeTransports.attempt(TransportKind.EPOLL, names(InitFails.class.getName()));
        assertThat(again.probe().available()).isFalse();

        var missing = NativeTransports.attempt(TransportKind.IO_URING, names("io.granary.nope.IoUring"));
        assertThat(missing.probe().reason()).contains("not on the class path").contains("test-artifact");
        assertThat(missing.transport()).isNull();
    }

    @Test
    void nettyStyleUnavailabilityCauseIsReported() {
        var no = NativeTransports.attempt(TransportKind.IO_URING, names(SaysNo.class.getName()));
        assertThat(no.probe().available()).isFalse();
        assertThat(no.probe().reason()).contains("io_uring_setup: Function not implemented");
    }

    private static NativeTransports.NativeNames names(String probeClass) {
        return new NativeTransports.NativeNames(probeClass, "x.Handler", "x.Channel", "test-artifact");
    }
}
