package io.granary.server.internal;

import io.granary.platform.TransportKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Large file bodies are mapped only on io_uring (where a file region is a splice); elsewhere they are regions. */
class FileBodiesTest {
    @Test
    void mappedChunksOnIoUringOnlyFileRegionsElsewhere() {
        assertThat(FileBodies.forTransport(TransportKind.IO_URING)).isEqualTo(FileBodies.MAPPED_CHUNKS);
        for (TransportKind k : new TransportKind[] {TransportKind.EPOLL, TransportKind.KQUEUE, TransportKind.NIO}) {
            assertThat(FileBodies.forTransport(k)).as("%s", k).isEqualTo(FileBodies.REGIONS);
        }
        assertThat(FileBodies.MAPPED_CHUNKS.description()).contains("io_uring");
    }
}
