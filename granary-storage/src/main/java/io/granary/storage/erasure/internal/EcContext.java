package io.granary.storage.erasure.internal;

import io.granary.erasure.ErasureCodec;
import io.granary.erasure.ErasureCodecs;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.erasure.DriveSpec;
import io.granary.storage.erasure.ErasureStoreConfig;
import io.granary.storage.local.internal.KeyLocks;
import io.granary.storage.local.internal.Layout;
import io.granary.storage.local.internal.Utf8Order;
import io.granary.storage.local.internal.VersionPins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/** State shared by the parts of one open erasure store. */
public final class EcContext {

    /**
     * The fixed 32-byte HighwayHash key of shard blocks: the SHA-256 of "granary bitrot v1". Fixed (not per deployment)
     * so that a drive's shards can be verified by tools without the deployment's secrets; the hash guards against
     * accidental corruption, not an adversary.
     */
    public static final byte[] BITROT_KEY = sha256("granary bitrot v1".getBytes(StandardCharsets.UTF_8));

    public final ErasureStoreConfig config;
    public final String deploymentId;
    public final List<List<String>> layout;
    public final List<EcSet> sets;
    public final List<Drive> drives;
    public final boolean fsync;
    public final int standardParity;
    public final KeyLocks keyLocks = new KeyLocks(1024);
    public final VersionPins pins = new VersionPins();
    public final ConcurrentHashMap<String, EcBucket> buckets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, ErasureCodec> codecs = new ConcurrentHashMap<>();
    private final ExecutorService io = Executors.newVirtualThreadPerTaskExecutor();
    private final byte[] deploymentBytes;
    /** Called with (bucket, key) when a read or write found a drive missing or corrupt: queues a heal. */
    public volatile BiConsumer<String, String> onDamage = (b, k) -> { };
    private volatile boolean closed;

    public EcContext(ErasureStoreConfig config, Format.Opened opened) {
        this.config = config;
        this.deploymentId = opened.deploymentId();
        this.layout = opened.layout();
        this.fsync = config.fsync();
        List<EcSet> s = new ArrayList<>();
        List<Drive> all = new ArrayList<>();
        for (int i = 0; i < opened.sets().size(); i++) {
            s.add(new EcSet(i, opened.sets().get(i)));
            all.addAll(opened.sets().get(i));
        }
        this.sets = List.copyOf(s);
        this.drives = List.copyOf(all);
        int setSize = sets.getFirst().n();
        int p = config.parity() == null ? DriveSpec.defaultParity(setSize) : config.parity();
        if (p < 1 || p > setSize / 2) {
            throw new IllegalArgumentException("parity " + p + " is out of 1.." + (setSize / 2) + " for sets of "
                    + setSize + " drives");
        }
        this.standardParity = p;
        this.deploymentBytes = deploymentId.getBytes(StandardCharsets.UTF_8);
    }

    public ErasureCodec codec(Geometry g) {
        return codecs.computeIfAbsent(g.k() * 64 + g.m(), x -> ErasureCodecs.create(g.k(), g.m(), config.kernel()));
    }

    /** The coding for an object of this storage class: REDUCED_REDUNDANCY halves the parity (at least 1). */
    public Geometry geometryFor(String storageClass, EcSet set) {
        int m = "REDUCED_REDUNDANCY".equals(storageClass) ? Math.max(1, standardParity / 2) : standardParity;
        return new Geometry(set.n() - m, m, config.blockSize());
    }

    /** The set holding {@code bucket/key}: a stable hash of both, seeded with the deployment id. */
    public EcSet setFor(String bucket, String key) {
        if (sets.size() == 1) {
            return sets.getFirst();
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(deploymentBytes);
            md.update((byte) 0);
            md.update(bucket.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(key.getBytes(StandardCharsets.UTF_8));
            byte[] h = md.digest();
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return sets.get((int) Long.remainderUnsigned(v, sets.size()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shard rotation of a key in a set of {@code n}: from the key hash (the same for all parts of an upload). */
    public static int rotation(String key, int n) {
        String h = Layout.keyHash(key);
        return (int) Long.remainderUnsigned(Long.parseUnsignedLong(h.substring(0, 15), 16), n);
    }

    public void checkOpen() {
        if (closed) {
            throw new StorageException(StorageError.INTERNAL, "store is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public void markClosed() {
        closed = true;
        io.shutdown();
    }

    public EcBucket bucket(String name) {
        checkOpen();
        EcBucket b = name == null ? null : buckets.get(name);
        if (b == null) {
            throw new StorageException(StorageError.NO_SUCH_BUCKET, "no such bucket: " + name);
        }
        return b;
    }

    public static void checkKey(String key) {
        if (!Utf8Order.isValidKey(key)) {
            throw new StorageException(StorageError.INVALID_KEY, "key must be 1..1024 bytes of valid UTF-8");
        }
    }

    // ---- per-drive fan-out ----

    @FunctionalInterface
    public interface DriveCall<T> {
        T call(Drive d) throws IOException;
    }

    /** The outcome of a call on one drive: a value, or the failure. */
    public record Outcome<T>(Drive drive, T value, Exception error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** Runs {@code call} on every drive in parallel (virtual threads) and waits for all. Offline drives fail. */
    public <T> List<Outcome<T>> onDrives(List<Drive> ds, DriveCall<T> call) {
        List<Future<Outcome<T>>> futures = new ArrayList<>(ds.size());
        for (Drive d : ds) {
            java.util.concurrent.Callable<Outcome<T>> task = () -> {
                try {
                    d.checkOnline();
                    return new Outcome<>(d, call.call(d), null);
                } catch (IOException | RuntimeException e) {
                    return new Outcome<>(d, null, e);
                }
            };
            if (ds.size() == 1 || io.isShutdown()) {
                try {
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(task.call()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            } else {
                futures.add(io.submit(task));
            }
        }
        List<Outcome<T>> out = new ArrayList<>(ds.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                out.add(futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.add(new Outcome<>(ds.get(i), null, new IOException("interrupted")));
            } catch (ExecutionException e) {
                out.add(new Outcome<>(ds.get(i), null, new IOException(e.getCause())));
            }
        }
        return out;
    }

    /** Runs {@code task} on a virtual thread (on the calling thread once the store is closing). */
    public Future<?> async(Runnable task) {
        if (io.isShutdown()) {
            task.run();
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return io.submit(task);
    }

    /** Waits for {@code f}; its failure is rethrown as it was (unchecked), an interrupt as INTERNAL. */
    public static void await(Future<?> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new StorageException(StorageError.INTERNAL, "background task failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static long okCount(List<? extends Outcome<?>> outs) {
        return outs.stream().filter(Outcome::ok).count();
    }

    /** The file's bytes, or null if it (or its folder) does not exist. */
    public static byte[] readIfExists(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (NotDirectoryException e) {
            // a path element is a file: the drive root was replaced by a file, say
            throw e;
        }
    }

    public static boolean isDir(Path p) {
        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    }

    /** A folder for decoded temp files of readers: the first drive whose tmp/ is usable. */
    public Path scratchDir() throws IOException {
        IOException last = null;
        for (Drive d : drives) {
            if (d.online() && isDir(d.layout.tmp)) {
                return d.layout.tmp;
            }
        }
        Path p = Path.of(System.getProperty("java.io.tmpdir"));
        if (!isDir(p)) {
            throw last != null ? last : new IOException("no usable temp folder");
        }
        return p;
    }

    public static long nowMicros() {
        java.time.Instant n = java.time.Instant.now();
        return n.getEpochSecond() * 1_000_000L + n.getNano() / 1000;
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
