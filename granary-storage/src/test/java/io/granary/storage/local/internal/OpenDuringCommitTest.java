package io.granary.storage.local.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.ObjectMetadata;
import io.granary.storage.ObjectReader;
import io.granary.storage.WriteCondition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening an object never waits for a commit of the same key (which holds the key's lock through its fsyncs): the
 * server opens objects on its network threads. The reader gets the version that was current, and keeps it.
 */
class OpenDuringCommitTest {
    @TempDir
    Path dir;

    @Test
    void openReturnsTheCurrentVersionWhileACommitOfTheKeyIsInProgress() throws Exception {
        StoreContext ctx = new StoreContext(new Layout(dir), Flusher.NONE, 0, DirectWrites.OFF);
        Files.createDirectories(ctx.layout.tmp);
        ObjectOps ops = new ObjectOps(ctx);
        BucketState b = new BucketState(new BucketInfo("bkt", Instant.now(), "us-east-1"));
        ctx.buckets.put("bkt", b);
        commit(ctx, ops, b, "old", null);

        CountDownLatch placing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> commit(ctx, ops, b, "new", () -> {
            placing.countDown();
            await(release);
        }), threads);
        assertThat(placing.await(10, TimeUnit.SECONDS)).isTrue(); // the commit now holds the key's lock

        CompletableFuture<ObjectReader> open = CompletableFuture.supplyAsync(() -> ops.open("bkt", "k"), threads);
        ObjectReader reader;
        try {
            reader = open.get(5, TimeUnit.SECONDS); // would time out if open waited for the key's lock
        } finally {
            release.countDown();
            threads.shutdown();
        }
        writer.get(10, TimeUnit.SECONDS);
        try (reader) {
            assertThat(read(reader)).isEqualTo("old"); // the version it opened, though no longer current
        }
        try (ObjectReader now = ops.open("bkt", "k")) {
            assertThat(read(now)).isEqualTo("new");
        }
    }

    private static void commit(StoreContext ctx, ObjectOps ops, BucketState b, String text, Runnable whilePlacing) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ops.commit(b, "k", new long[] {data.length}, ObjectMetadata.ofEtag("e-" + text), WriteCondition.NONE, null,
                (objectDir, version) -> {
                    if (whilePlacing != null) whilePlacing.run();
                    Files.write(objectDir.resolve(Layout.dataFileName(version, 0)), data);
                });
    }

    private static String read(ObjectReader r) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) r.info().size());
        for (ObjectReader.Segment s : r.segments(0, r.info().size())) {
            s.channel().read(buf, s.position());
        }
        return new String(buf.array(), StandardCharsets.UTF_8);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
