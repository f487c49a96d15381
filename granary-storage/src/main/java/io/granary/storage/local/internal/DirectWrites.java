package io.granary.storage.local.internal;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether the data folder takes direct writes ({@code O_DIRECT}: bytes go from our buffer to the drive, bypassing the
 * page cache), and the aligned staging buffers and writer threads they need. Probed once per store by writing one
 * aligned block to a file in tmp/; where the JDK, the OS or the file system refuses (tmpfs before Linux 6.6, some
 * network and FUSE file systems, block sizes above the 4 KiB alignment, a runtime without {@code jdk.unsupported}),
 * {@link #isAvailable()} is false, {@link #unavailabilityCause()} says why, and every write goes through the page
 * cache as before. A direct write refused later all the same is written again through the page cache and turns
 * direct writes off for the files begun afterwards ({@link #failed}): they are an optimisation, never a requirement.
 *
 * <p>Why: a large upload written through the page cache costs the kernel a copy into cache pages, delayed-allocation
 * bookkeeping for every page and later write-back, and then the final fdatasync waits for all of it; with a 64 MiB
 * PUT that was about a seventh of the machine's CPU. Direct writes of whole aligned stages skip all three, and the
 * object's bytes do not evict what readers have cached (a backup tool writes far more than it reads back).
 *
 * <p>Only full stages of {@link #STAGE_SIZE} bytes are written directly, so objects smaller than one stage never
 * touch this path; the unaligned tail of a larger object is written through the page cache and flushed with the
 * file (see {@link TempSink}).
 */
public final class DirectWrites {
    private static final System.Logger LOG = System.getLogger(DirectWrites.class.getName());
    /** Bytes collected before one direct write; also the smallest object written directly. */
    public static final int STAGE_SIZE = 1 << 20;
    /** Alignment of buffer addresses, file offsets and lengths: enough for every common logical block size. */
    public static final int ALIGNMENT = 4096;
    /** Staging buffers kept for reuse; more uploads than this at once allocate (and later drop) their own. */
    private static final int POOLED_STAGES = 32;
    /** Threads that run direct writes (each blocks for the drive), so uploads go on receiving meanwhile. */
    private static final int WRITER_THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());

    /** Never uses direct writes. */
    public static final DirectWrites OFF = new DirectWrites(false, "direct writes are turned off", null);

    /** Opens an existing file for direct writes (a seam for tests that make the drive refuse them). */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    private static final Opener DIRECT = file -> FileChannel.open(file, StandardOpenOption.WRITE,
            ExtendedOpenOption.DIRECT);

    private final boolean available;
    private final String unavailabilityCause;
    private final Opener opener;
    private final ConcurrentLinkedQueue<ByteBuffer> stages = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();
    /** Runs the stage writes; its threads start on demand and end after 30 s without work. */
    private final ExecutorService writers;
    /** Set when a direct write failed after the probe passed: direct writes are off from then on. */
    private volatile String failure;

    private DirectWrites(boolean available, String unavailabilityCause, Opener opener) {
        this.available = available;
        this.unavailabilityCause = unavailabilityCause;
        this.opener = opener;
        if (available) {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(WRITER_THREADS, WRITER_THREADS, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "granary-direct-write-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            this.writers = pool;
        } else {
            this.writers = null;
        }
    }

    /** Tries one aligned direct write in {@code tmpDir} (the file is removed again). */
    public static DirectWrites probe(Path tmpDir) {
        Path probe = tmpDir.resolve("direct-write-probe." + Ids.random());
        try {
            Files.createDirectories(tmpDir);
            long blockSize = Files.getFileStore(tmpDir).getBlockSize();
            if (blockSize <= 0 || ALIGNMENT % blockSize != 0) {
                return new DirectWrites(false, "the file system's block size (" + blockSize + " bytes) in " + tmpDir
                        + " does not divide the " + ALIGNMENT + "-byte alignment of direct writes", null);
            }
            try (FileChannel ch = openDirect(probe)) {
                ByteBuffer block = ByteBuffer.allocateDirect(2 * ALIGNMENT).alignedSlice(ALIGNMENT);
                block.limit(ALIGNMENT);
                while (block.hasRemaining()) ch.write(block, block.position());
            }
            return new DirectWrites(true, null, DIRECT);
        } catch (IOException | RuntimeException | LinkageError e) {
            return new DirectWrites(false, "direct writes refused in " + tmpDir + ": " + e, null);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // tmp/ is emptied at open
            }
        }
    }

    private static FileChannel openDirect(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT);
    }

    public boolean isAvailable() {
        return available && failure == null;
    }

    /** Why direct writes are not used, or null when they are. */
    public String unavailabilityCause() {
        String f = failure;
        return f != null ? f : unavailabilityCause;
    }

    /**
     * A direct write failed although the probe passed (the file system refused one after all): the bytes are written
     * again through the page cache by the caller, and files begun from now on do not try direct writes.
     */
    void failed(Path file, IOException e) {
        if (failure == null) {
            failure = "a direct write to " + file + " failed, so direct writes were turned off: " + e;
            LOG.log(System.Logger.Level.WARNING, failure);
        }
    }

    /** Available direct writes whose files are opened by {@code opener} (tests). */
    static DirectWrites withOpener(Opener opener) {
        return new DirectWrites(true, null, opener);
    }

    /** Opens {@code file}, which exists, for the direct writes of its full stages. */
    FileChannel openForDirectWrites(Path file) throws IOException {
        return opener.open(file);
    }

    /** Where stage writes run (only when {@link #isAvailable()}). */
    ExecutorService writers() {
        return writers;
    }

    /** An empty staging buffer of {@link #STAGE_SIZE} bytes at an aligned address. */
    ByteBuffer takeStage() {
        ByteBuffer b = stages.poll();
        if (b != null) {
            pooled.decrementAndGet();
            return b.clear().limit(STAGE_SIZE);
        }
        return ByteBuffer.allocateDirect(STAGE_SIZE + ALIGNMENT).alignedSlice(ALIGNMENT).limit(STAGE_SIZE);
    }

    /** Returns a buffer from {@link #takeStage()}; it must not be used afterwards. */
    void returnStage(ByteBuffer stage) {
        if (pooled.incrementAndGet() <= POOLED_STAGES) {
            stages.offer(stage);
        } else {
            pooled.decrementAndGet();
        }
    }
}
