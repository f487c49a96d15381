package io.granary.storage.internal;

import io.granary.storage.ObjectMetadata;
import io.granary.storage.PartInfo;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Function;

/** Multipart-upload validation and listing shared by both engines. */
public final class Multiparts {

    public static final int MAX_PART_NUMBER = 10_000;

    private Multiparts() {}

    /** The initiation time of an upload whose id was made at {@code micros} (microseconds since the epoch). */
    public static Instant initiated(long micros) {
        return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1000);
    }

    /** Fails with INVALID_PART unless {@code partNumber} is in 1..{@value #MAX_PART_NUMBER}. */
    public static void checkPartNumber(int partNumber) {
        if (partNumber < 1 || partNumber > MAX_PART_NUMBER) {
            throw new StorageException(StorageError.INVALID_PART, "part number out of 1..10000: " + partNumber);
        }
    }

    /** Up to {@code maxParts} parts after {@code marker}, in part-number order. */
    public static <P> List<PartInfo> listParts(NavigableMap<Integer, P> parts, int marker, int maxParts,
                                               Function<P, PartInfo> info) {
        List<PartInfo> out = new ArrayList<>();
        for (P p : parts.tailMap(marker, false).values()) {
            if (out.size() >= maxParts) {
                break;
            }
            out.add(info.apply(p));
        }
        return out;
    }

    /**
     * The parts a completion names, in order; fails with INVALID_PART for an empty list, numbers that do not ascend
     * or a part that was never uploaded.
     */
    public static <P> List<P> choose(NavigableMap<Integer, P> parts, List<Integer> partNumbers) {
        if (partNumbers == null || partNumbers.isEmpty()) {
            throw new StorageException(StorageError.INVALID_PART, "no parts given");
        }
        List<P> chosen = new ArrayList<>(partNumbers.size());
        int previous = 0;
        for (Integer n : partNumbers) {
            if (n == null || n <= previous) {
                throw new StorageException(StorageError.INVALID_PART, "part numbers must ascend: " + n);
            }
            P p = parts.get(n);
            if (p == null) {
                throw new StorageException(StorageError.INVALID_PART, "no such part: " + n);
            }
            chosen.add(p);
            previous = n;
        }
        return chosen;
    }

    /** The sizes of the chosen parts, in order: the completed object's segments. */
    public static <P> long[] segments(List<P> chosen, Function<P, PartInfo> info) {
        long[] segments = new long[chosen.size()];
        for (int i = 0; i < segments.length; i++) {
            segments[i] = info.apply(chosen.get(i)).size();
        }
        return segments;
    }

    /** {@code m} as given if it names part sizes, else with {@code segments} as its part sizes. */
    public static ObjectMetadata withDefaultPartSizes(ObjectMetadata m, long[] segments) {
        if (!m.partSizes().isEmpty()) {
            return m;
        }
        List<Long> sizes = new ArrayList<>(segments.length);
        for (long s : segments) {
            sizes.add(s);
        }
        return new ObjectMetadata(m.etag(), m.contentType(), m.contentEncoding(), m.contentDisposition(),
                m.contentLanguage(), m.cacheControl(), m.expires(), m.userMetadata(), m.checksumAlgorithm(),
                m.checksumValue(), m.checksumType(), sizes, m.partChecksums(), m.storageClass(), m.tags());
    }
}
