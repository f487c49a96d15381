package io.granary.server.internal;

import io.granary.storage.ObjectReader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MappedFileBody}: every byte of every segment, in order, in chunks of at most the chunk size, never more
 * than {@link MappedFileBody#IN_FLIGHT} writes outstanding, the last content exactly once after the data, and one
 * report; a failed write or a file shorter than its segment ends the body with one failure report. The channel's
 * writes are captured by copying each buffer before the write completes (the mapping is gone after that).
 */
class MappedFileBodyTest {
    @TempDir
    Path dir;

    private final List<FileChannel> files = new ArrayList<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<Integer> contentSizes = new ArrayList<>();
    private final List<ChannelPromise> held = new ArrayList<>();
    private final List<Boolean> reports = new ArrayList<>();
    private int lastContents;
    private int failWriteNumber = -1;
    private boolean holdWrites;
    private int writes;
    private EmbeddedChannel channel;
    private ChannelHandlerContext ctx;

    @BeforeEach
    void channel() {
        channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
                assertThat(msg).isNotInstanceOf(FileRegion.class);
                try {
                    assertThat(lastContents).as("nothing after the last content").isZero();
                    if (msg instanceof HttpContent content && content.content().isReadable()) {
                        ByteBuf b = content.content();
                        contentSizes.add(b.readableBytes());
                        byte[] copy = new byte[b.readableBytes()];
                        b.getBytes(b.readerIndex(), copy);
                        received.writeBytes(copy);
                    }
                    if (msg instanceof LastHttpContent) lastContents++;
                } finally {
                    ReferenceCountUtil.release(msg);
                }
                if (++writes == failWriteNumber) {
                    promise.setFailure(new IOException("connection reset (test)"));
                } else if (holdWrites && !(msg instanceof LastHttpContent)) {
                    held.add(promise);
                } else {
                    promise.setSuccess();
                }
            }
        }, new ChannelInboundHandlerAdapter());
        ctx = channel.pipeline().lastContext();
    }

    @AfterEach
    void close() throws IOException {
        channel.finishAndReleaseAll();
        for (FileChannel f : files) f.close();
    }

    private FileChannel file(byte[] content) throws IOException {
        Path p = Files.createTempFile(dir, "obj", ".bin");
        Files.write(p, content);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        files.add(ch);
        return ch;
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 4096, 65_536, 1 << 20, MappedFileBody.CHUNK})
    void sendsEverySegmentInOrderInChunksOfAtMostTheChunkSize(long chunk) throws IOException {
        byte[] a = random(70_001, 1);
        byte[] b = random(3, 2);
        byte[] c = random(10_000, 3);
        FileChannel fa = file(a);
        FileChannel fb = file(b);
        FileChannel fc = file(c);
        List<ObjectReader.Segment> segments = List.of(
                new ObjectReader.Segment(fa, 5, 70_000 - 5),
                new ObjectReader.Segment(fb, 0, 0),
                new ObjectReader.Segment(fb, 1, 2),
                new ObjectReader.Segment(fc, 0, 10_000),
                new ObjectReader.Segment(fa, 70_000, 1));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(a, 5, 70_000 - 5);
        expected.write(b, 1, 2);
        expected.write(c, 0, 10_000);
        expected.write(a, 70_000, 1);

        MappedFileBody.start(ctx, segments, chunk, reports::add);

        assertThat(received.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(contentSizes).allSatisfy(n -> assertThat((long) n).isLessThanOrEqualTo(chunk));
        assertThat(lastContents).isEqualTo(1);
        assertThat(reports).containsExactly(true);
    }

    @Test
    void keepsAtMostTwoChunksOutstandingAndGoesOnAsTheyComplete() throws IOException {
        byte[] a = random(10 * 1024, 4);
        holdWrites = true;
        MappedFileBody.start(ctx, List.of(new ObjectReader.Segment(file(a), 0, a.length)), 1024, reports::add);
        for (int step = 0; step < 10; step++) {
            assertThat(held).as("outstanding writes").hasSize(Math.min(MappedFileBody.IN_FLIGHT, 10 - step));
            assertThat(lastContents).isZero();
            held.removeFirst().setSuccess();
        }
        assertThat(held).isEmpty();
        assertThat(lastContents).isEqualTo(1);
        assertThat(received.toByteArray()).isEqualTo(a);
        assertThat(reports).containsExactly(true);
    }

    @Test
    void aFailedWriteEndsTheBodyWithOneFailureReport() throws IOException {
        byte[] a = random(100_000, 5);
        failWriteNumber = 3;
        MappedFileBody.start(ctx, List.of(new ObjectReader.Segment(file(a), 0, a.length)), 10_000, reports::add);
        assertThat(reports).containsExactly(false);
        assertThat(lastContents).isZero();
        assertThat(writes).as("no write after the failure").isEqualTo(3);
    }

    @Test
    void aFileShorterThanItsSegmentIsAFailureNotAFault() throws IOException {
        byte[] a = random(50_000, 6);
        FileChannel f = file(a);
        MappedFileBody.start(ctx, List.of(new ObjectReader.Segment(f, 0, 60_000)), 16_384, reports::add);
        assertThat(reports).containsExactly(false);
        assertThat(lastContents).isZero();
        assertThat(received.toByteArray()).as("the chunks that were inside the file")
                .isEqualTo(java.util.Arrays.copyOf(a, 3 * 16_384));
    }
}
