package io.granary.platform;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.granary.platform.TransportKind.EPOLL;
import static io.granary.platform.TransportKind.IO_URING;
import static io.granary.platform.TransportKind.KQUEUE;
import static io.granary.platform.TransportKind.NIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportPolicyTest {
    private static PlatformFacts f(OsFamily os, Arch arch, Libc libc, long page) {
        return new PlatformFacts(os, arch, libc, page);
    }

    @Test
    void linuxTriesIoUringThenEpollThenNioOnEveryShippedArchAndPageSize() {
        for (PlatformFacts facts : List.of(
                f(OsFamily.LINUX, Arch.X86_64, Libc.GLIBC, 4096),
                f(OsFamily.LINUX, Arch.AARCH64, Libc.GLIBC, 16384),
                f(OsFamily.LINUX, Arch.AARCH64, Libc.GLIBC, 65536),
                f(OsFamily.LINUX, Arch.AARCH64, Libc.MUSL, 4096),
                f(OsFamily.LINUX, Arch.X86_64, Libc.MUSL, 4096),
                f(OsFamily.LINUX, Arch.X86_64, Libc.GLIBC, -1))) {
            assertThat(TransportPolicy.order(facts, false).candidates()).as(facts.describe())
                    .containsExactly(IO_URING, EPOLL, NIO);
        }
    }

    @Test
    void linuxOnUnshippedArchIsNioOnly() {
        assertThat(TransportPolicy.order(f(OsFamily.LINUX, Arch.OTHER, Libc.GLIBC, 4096), false).candidates())
                .containsExactly(NIO);
    }

    @Test
    void macosUsesKqueueOnlyWhenShipped() {
        PlatformFacts mac = f(OsFamily.MACOS, Arch.AARCH64, Libc.NOT_APPLICABLE, 16384);
        TransportOrder notShipped = TransportPolicy.order(mac, false);
        assertThat(notShipped.candidates()).containsExactly(NIO);
        assertThat(notShipped.reason()).contains("kqueue is not shipped");
        assertThat(TransportPolicy.order(mac, false, EnumSet.allOf(TransportKind.class)).candidates())
                .containsExactly(KQUEUE, NIO);
    }

    @Test
    void windowsAndOthersAreNioOnly() {
        assertThat(TransportPolicy.order(f(OsFamily.WINDOWS, Arch.X86_64, Libc.NOT_APPLICABLE, 4096), false)
                .candidates()).containsExactly(NIO);
        assertThat(TransportPolicy.order(f(OsFamily.OTHER, Arch.OTHER, Libc.UNKNOWN, -1), false).candidates())
                .containsExactly(NIO);
    }

    @Test
    void pureJavaIsNioOnlyWithReason() {
        TransportOrder o = TransportPolicy.order(f(OsFamily.LINUX, Arch.X86_64, Libc.GLIBC, 4096), true);
        assertThat(o.candidates()).containsExactly(NIO);
        assertThat(o.reason()).contains("pure Java").contains("GRANARY_PURE_JAVA");
    }

    @Test
    void pureJavaFromFlagOrEnvironment() {
        assertThat(TransportPolicy.pureJavaRequested(true, Map.of())).isTrue();
        assertThat(TransportPolicy.pureJavaRequested(false, Map.of())).isFalse();
        assertThat(TransportPolicy.pureJavaRequested(false, Map.of("GRANARY_PURE_JAVA", "1"))).isTrue();
        assertThat(TransportPolicy.pureJavaRequested(false, Map.of("GRANARY_PURE_JAVA", "true"))).isTrue();
        assertThat(TransportPolicy.pureJavaRequested(false, Map.of("GRANARY_PURE_JAVA", "0"))).isFalse();
    }

    @Test
    void forcedTransportIsTriedFirstThenNio() {
        PlatformFacts mac = f(OsFamily.MACOS, Arch.AARCH64, Libc.NOT_APPLICABLE, 16384);
        TransportOrder epoll = TransportPolicy.order(LINUX_X86, false, EPOLL);
        assertThat(epoll.candidates()).containsExactly(EPOLL, NIO);
        assertThat(epoll.reason()).isEqualTo("forced by --transport");
        assertThat(TransportPolicy.order(mac, false, NIO).candidates()).containsExactly(NIO);
        assertThat(TransportPolicy.order(LINUX_X86, true, IO_URING).candidates()).containsExactly(NIO);
        assertThat(TransportPolicy.order(LINUX_X86, false, (TransportKind) null).candidates())
                .containsExactly(IO_URING, EPOLL, NIO);
        assertThat(TransportKind.parse("io-uring")).isEqualTo(IO_URING);
        assertThat(TransportKind.parse("Epoll")).isEqualTo(EPOLL);
        assertThatThrownBy(() -> TransportKind.parse("dpdk")).isInstanceOf(IllegalArgumentException.class);
    }

    private static final PlatformFacts LINUX_X86 = new PlatformFacts(OsFamily.LINUX, Arch.X86_64, Libc.GLIBC, 4096);

    @Test
    void everyOrderEndsWithNio() {
        assertThatThrownBy(() -> new TransportOrder(List.of(EPOLL), "x"))
                .isInstanceOf(IllegalArgumentException.class);
        for (OsFamily os : OsFamily.values())
            for (Arch a : Arch.values())
                for (boolean pure : new boolean[] {true, false})
                    assertThat(TransportPolicy.order(f(os, a, Libc.UNKNOWN, 4096), pure).candidates().getLast())
                            .isEqualTo(NIO);
    }
}
