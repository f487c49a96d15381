package io.granary.server.platform;

import io.granary.platform.AllocatorChoice;
import io.granary.platform.AllocatorKind;
import io.granary.platform.Probed;
import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocatorSelectorTest {
    private static final BufferMemoryCap CAP = new BufferMemoryCap(64L << 20, "test");

    @Test
    void mapsEachChoiceToItsNettyAllocator() {
        assertThat(AllocatorSelector.create(new AllocatorChoice(AllocatorKind.POOLED, "t"), CAP).allocator())
                .isInstanceOf(PooledByteBufAllocator.class);
        assertThat(AllocatorSelector.create(new AllocatorChoice(AllocatorKind.ADAPTIVE, "t"), CAP).allocator())
                .isInstanceOf(AdaptiveByteBufAllocator.class);
        assertThat(AllocatorSelector.create(new AllocatorChoice(AllocatorKind.UNPOOLED, "t"), CAP).allocator())
                .isInstanceOf(UnpooledByteBufAllocator.class);
    }

    @Test
    void pooledArenasAreSizedToTheCap() {
        assertThat(AllocatorSelector.directArenas(8L << 20, 16)).isEqualTo(1);
        assertThat(AllocatorSelector.directArenas(24L << 20, 16)).isEqualTo(2);
        assertThat(AllocatorSelector.directArenas(8L << 30, 2)).isEqualTo(4);
    }

    @Test
    void statsShowUsePerArena() {
        AllocatorSetup s = AllocatorSelector.create(new AllocatorChoice(AllocatorKind.POOLED, "t"), CAP);
        ByteBuf b = s.allocator().directBuffer(1 << 20);
        try {
            AllocatorStats st = AllocatorStats.of(s.allocator());
            assertThat(st.directArenas()).isNotEmpty();
            assertThat(st.directArenas().stream().mapToLong(AllocatorStats.Arena::activeAllocations).sum())
                    .isPositive();
            assertThat(st.usedDirectBytes()).isPositive();
        } finally {
            b.release();
        }
        assertThat(s.enforcement()).isNotBlank();
        AllocatorStats adaptive = AllocatorStats.of(
                AllocatorSelector.create(new AllocatorChoice(AllocatorKind.ADAPTIVE, "t"), CAP).allocator());
        assertThat(adaptive.directArenas()).isEmpty();
        assertThat(adaptive.usedDirectBytes()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void capComesFromOptionThenJdkThenFallback() {
        assertThat(BufferMemoryCap.resolve(1024L, Probed.of(5L, "x")).source()).isEqualTo("--max-buffer-memory");
        assertThat(BufferMemoryCap.resolve(null, Probed.of(5L << 20, "jdk")).maxBytes()).isEqualTo(5L << 20);
        assertThat(BufferMemoryCap.resolve(null, Probed.unknown(-1L, "no bean")).maxBytes())
                .isEqualTo(BufferMemoryCap.FALLBACK_BYTES);
        assertThatThrownBy(() -> new BufferMemoryCap(0, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void enforcementIsReportedHonestly() {
        assertThat(AllocatorSelector.describeEnforcement(1L << 30, 1L << 30, true, true))
                .startsWith("Netty counts direct buffers against 1 GiB");
        assertThat(AllocatorSelector.describeEnforcement(1L << 30, 2L << 30, true, true))
                .contains("initialised before the cap was set");
        assertThat(AllocatorSelector.describeEnforcement(4L << 30, 2L << 30, false, true))
                .startsWith("bounded by the JDK's -XX:MaxDirectMemorySize (2 GiB)");
        assertThat(AllocatorSelector.describeEnforcement(512L << 20, 2L << 30, false, true))
                .startsWith("NOT enforced").contains("-XX:MaxDirectMemorySize=536870912");
    }

    @Test
    void byteSizes() {
        assertThat(ByteSize.parse("512m")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("2G")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("64KiB")).isEqualTo(64L << 10);
        assertThat(ByteSize.parse("4096")).isEqualTo(4096);
        assertThatThrownBy(() -> ByteSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("-1m")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ByteSize.format(16384)).isEqualTo("16 KiB");
        assertThat(ByteSize.format(1536L << 20)).isEqualTo("1.5 GiB");
    }
}
