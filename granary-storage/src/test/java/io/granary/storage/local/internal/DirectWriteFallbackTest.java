package io.granary.storage.local.internal;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static io.granary.storage.local.internal.TempSinkTest.DATA;
import static io.granary.storage.local.internal.TempSinkTest.STAGE;
import static io.granary.storage.local.internal.TempSinkTest.assertSameBytes;
import static io.granary.storage.local.internal.TempSinkTest.writeIn64K;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Direct writes are an optimisation only: when the drive refuses them after the probe passed (the direct descriptor
 * cannot be opened, or a direct write fails), the bytes still reach the file, through the page cache, the upload
 * succeeds, and files begun afterwards no longer try direct writes, with the reason kept for the log.
 */
class DirectWriteFallbackTest {
    @TempDir
    Path dir;
    Layout layout;

    @BeforeEach
    void setUp() throws IOException {
        layout = new Layout(dir);
        Files.createDirectories(layout.tmp);
    }

    @Test
    void aDirectDescriptorThatCannotBeOpenedFallsBackToThePageCache() throws IOException {
        AtomicInteger opens = new AtomicInteger();
        DirectWrites writes = DirectWrites.withOpener(file -> {
            opens.incrementAndGet();
            throw new IOException("Invalid argument (simulated)");
        });
        int size = 2 * STAGE + 4097;

        TempSink sink = new TempSink(layout, ".data", writes);
        writeIn64K(sink, 0, size);
        sink.finish(Flusher.NONE);

        assertSameBytes(sink.path(), Arrays.copyOf(DATA, size), "after a refused open");
        assertThat(sink.size()).isEqualTo(size);
        assertThat(opens).hasValue(1);
        assertThat(writes.isAvailable()).isFalse();
        assertThat(writes.unavailabilityCause()).contains("turned off").contains("simulated");

        TempSink next = new TempSink(layout, ".data", writes);
        writeIn64K(next, 0, size);
        next.finish(Flusher.NONE);
        assertSameBytes(next.path(), Arrays.copyOf(DATA, size), "a later file");
        assertThat(opens).as("a later file does not try again").hasValue(1);
    }

    @Test
    void aFailingDirectWriteIsWrittenAgainThroughThePageCache() throws IOException {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        assumeTrue(Files.isWritable(full), "needs /dev/full");
        DirectWrites writes = DirectWrites.withOpener(file -> FileChannel.open(full, StandardOpenOption.WRITE));
        int size = 3 * STAGE + 123;

        TempSink sink = new TempSink(layout, ".data", writes);
        writeIn64K(sink, 0, size);
        sink.finish(Flusher.NONE);

        assertSameBytes(sink.path(), Arrays.copyOf(DATA, size), "after failed direct writes");
        assertThat(writes.isAvailable()).isFalse();
        assertThat(writes.unavailabilityCause()).contains("failed").contains(sink.path().getFileName().toString());
    }
}
