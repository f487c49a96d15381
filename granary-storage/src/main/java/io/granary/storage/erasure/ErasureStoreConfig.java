package io.granary.storage.erasure;

import io.granary.erasure.CodecKernel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of an {@link ErasureObjectStore}.
 *
 * @param drives          the drive folders in order (2 or more; see {@link DriveSpec#expandAll}); the order is part of
 *                        the deployment and is checked against the format files at every open
 * @param parity          parity shards per object for STANDARD objects, or null for the default by set size
 *                        ({@link DriveSpec#defaultParity}); 1 .. setSize/2
 * @param fsync           flush commits to stable storage (true outside tests)
 * @param blockSize       bytes of object data per erasure block (default 1 MiB)
 * @param inlineThreshold objects up to this size live inside the per-drive metadata record (default 128 KiB; at most
 *                        blockSize)
 * @param kernel          codec kernel to force, or null to use the fastest available
 * @param scanPause       background scanner: pause after checking one object; null or zero disables the scanner
 * @param scanCyclePause  background scanner: pause after a full pass over all objects
 * @param healOnOpen      start a background heal of everything when a drive was (re)formatted at open
 */
public record ErasureStoreConfig(List<Path> drives, Integer parity, boolean fsync, int blockSize, int inlineThreshold,
                                 CodecKernel kernel, Duration scanPause, Duration scanCyclePause, boolean healOnOpen) {

    public static final int DEFAULT_BLOCK_SIZE = 1 << 20;
    public static final int DEFAULT_INLINE_THRESHOLD = 128 * 1024;

    public ErasureStoreConfig {
        Objects.requireNonNull(drives, "drives");
        drives = drives.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        if (drives.size() < 2) {
            throw new IllegalArgumentException("the erasure engine needs 2 or more drives, got " + drives.size());
        }
        if (drives.stream().distinct().count() != drives.size()) {
            throw new IllegalArgumentException("a drive is given twice: " + drives);
        }
        if (blockSize < 64 || blockSize > (64 << 20)) {
            throw new IllegalArgumentException("blockSize out of 64 B .. 64 MiB: " + blockSize);
        }
        if (inlineThreshold < 0 || inlineThreshold > blockSize) {
            throw new IllegalArgumentException("inlineThreshold out of 0..blockSize: " + inlineThreshold);
        }
        if (scanCyclePause == null) {
            scanCyclePause = Duration.ofMinutes(10);
        }
    }

    /** Defaults: parity by set size, fsync on, 1 MiB blocks, 128 KiB inline, fastest kernel, scanner every 50 ms. */
    public static ErasureStoreConfig of(List<Path> drives) {
        return new ErasureStoreConfig(drives, null, true, DEFAULT_BLOCK_SIZE, DEFAULT_INLINE_THRESHOLD, null,
                Duration.ofMillis(50), Duration.ofMinutes(10), true);
    }

    public ErasureStoreConfig withParity(Integer p) {
        return new ErasureStoreConfig(drives, p, fsync, blockSize, inlineThreshold, kernel, scanPause, scanCyclePause,
                healOnOpen);
    }

    public ErasureStoreConfig withFsync(boolean f) {
        return new ErasureStoreConfig(drives, parity, f, blockSize, inlineThreshold, kernel, scanPause, scanCyclePause,
                healOnOpen);
    }

    public ErasureStoreConfig withBlockSize(int size, int inline) {
        return new ErasureStoreConfig(drives, parity, fsync, size, inline, kernel, scanPause, scanCyclePause,
                healOnOpen);
    }

    public ErasureStoreConfig withKernel(CodecKernel k) {
        return new ErasureStoreConfig(drives, parity, fsync, blockSize, inlineThreshold, k, scanPause, scanCyclePause,
                healOnOpen);
    }

    /** Scanner pacing; {@code perObject} null or zero disables the background scanner. */
    public ErasureStoreConfig withScanner(Duration perObject, Duration perCycle) {
        return new ErasureStoreConfig(drives, parity, fsync, blockSize, inlineThreshold, kernel, perObject, perCycle,
                healOnOpen);
    }

    public ErasureStoreConfig withHealOnOpen(boolean h) {
        return new ErasureStoreConfig(drives, parity, fsync, blockSize, inlineThreshold, kernel, scanPause,
                scanCyclePause, h);
    }

    public boolean scannerEnabled() {
        return scanPause != null && !scanPause.isZero() && !scanPause.isNegative();
    }
}
