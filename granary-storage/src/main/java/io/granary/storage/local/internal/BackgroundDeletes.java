package io.granary.storage.local.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Removes replaced and deleted versions' data files after the call that retired them has returned: unlinking a large
 * file costs the file system real work (about 14 ms for 64 MiB on ext4), which a PUT over an existing key or a DELETE
 * should not wait for. The files are no longer referenced by any metadata file when they are handed here, so a crash
 * before they are gone only leaves files that recovery deletes at the next open.
 *
 * <p>One daemon thread for the whole process, tasks in submission order; {@link #awaitIdle} waits until everything
 * submitted before it has run (a store's {@code close}, and tests that look at the files).
 */
public final class BackgroundDeletes {
    private static final System.Logger LOG = System.getLogger(BackgroundDeletes.class.getName());
    private static final ExecutorService DELETER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "granary-background-deletes");
        t.setDaemon(true);
        return t;
    });

    private BackgroundDeletes() {}

    /** Runs {@code removal} on the background thread (failures are logged: the files are garbage either way). */
    public static void submit(Runnable removal) {
        DELETER.execute(() -> {
            try {
                removal.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "background delete failed (recovery removes the files at the"
                        + " next open): " + e);
            }
        });
    }

    /** Waits (at most {@code timeoutMillis}) until every removal submitted before this call has run. */
    public static void awaitIdle(long timeoutMillis) {
        try {
            DELETER.submit(() -> { }).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "background deletes still running: " + e);
        }
    }
}
