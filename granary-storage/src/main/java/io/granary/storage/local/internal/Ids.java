package io.granary.storage.local.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random names for data file versions and temp files, and time-ordered multipart upload ids. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int TIME_CHARS = 11;
    private static final int RANDOM_CHARS = 21;
    private static long lastMicros;

    private Ids() {}

    /** Random bytes drawn in bulk: one {@code nextBytes} (a read of the OS source, under its lock) per 256 ids. */
    private static final byte[] POOL = new byte[4096];
    private static int pooled;

    /** 128 random bits as 32 lower-case hex characters. */
    public static String random() {
        byte[] b = new byte[16];
        synchronized (POOL) {
            if (pooled < b.length) {
                RANDOM.nextBytes(POOL);
                pooled = POOL.length;
            }
            pooled -= b.length;
            System.arraycopy(POOL, pooled, b, 0, b.length);
            java.util.Arrays.fill(POOL, pooled, pooled + b.length, (byte) 0);
        }
        return HexFormat.of().formatHex(b);
    }

    /** Whether {@code s} looks like a {@link #random()} value. */
    public static boolean isRandom(String s) {
        return s.length() == 32 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** A strictly increasing microsecond clock, so that upload ids sort in creation order. */
    public static synchronized long nextMicros() {
        java.time.Instant n = java.time.Instant.now();
        long now = n.getEpochSecond() * 1_000_000L + n.getNano() / 1000;
        lastMicros = Math.max(lastMicros + 1, now);
        return lastMicros;
    }

    /**
     * An upload id for an upload initiated at {@code micros}: 11 base-62 characters of the time (fixed width, so
     * ASCII order is time order), then 21 random base-62 characters (about 125 bits). URL- and file-name-safe.
     */
    public static String uploadId(long micros) {
        char[] out = new char[TIME_CHARS + RANDOM_CHARS];
        long t = micros;
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62[(int) (t % 62)];
            t /= 62;
        }
        for (int i = TIME_CHARS; i < out.length; i++) {
            out[i] = BASE62[RANDOM.nextInt(62)];
        }
        return new String(out);
    }

    /** Whether {@code s} has the shape of an upload id (so that it is safe as a directory name). */
    public static boolean isUploadId(String s) {
        if (s == null || s.length() != TIME_CHARS + RANDOM_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        return true;
    }
}
