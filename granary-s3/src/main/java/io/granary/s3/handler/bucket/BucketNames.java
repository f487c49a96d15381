package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

/**
 * S3's naming rules for general purpose buckets, checked at CreateBucket:
 * 3 to 63 characters of lower-case letters, digits, '.' and '-'; beginning and ending with a letter or digit; no two
 * adjacent periods; not formatted as an IPv4 address; not beginning with {@code xn--}, {@code sthree-} or
 * {@code amzn-s3-demo-}; not ending with {@code -s3alias}, {@code --ol-s3} or {@code --x-s3}.
 * (S3 also reserves the {@code sthree-configurator} prefix, covered by {@code sthree-}, and the {@code .mrap}
 * suffix for access points; the latter is rejected too.)
 */
public final class BucketNames {
    private static final String[] BAD_PREFIXES = {"xn--", "sthree-", "amzn-s3-demo-"};
    private static final String[] BAD_SUFFIXES = {"-s3alias", "--ol-s3", "--x-s3", ".mrap"};

    private BucketNames() {}

    /** True when {@code name} follows every rule above. */
    public static boolean isValid(String name) {
        if (name == null || name.length() < 3 || name.length() > 63) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok) return false;
        }
        if (!isAlnum(name.charAt(0)) || !isAlnum(name.charAt(name.length() - 1))) return false;
        if (name.contains("..")) return false;
        for (String p : BAD_PREFIXES) if (name.startsWith(p)) return false;
        for (String s : BAD_SUFFIXES) if (name.endsWith(s)) return false;
        return !looksLikeIpv4(name);
    }

    /** Throws InvalidBucketName (with the BucketName element) unless {@link #isValid}. */
    public static void require(String name) {
        if (!isValid(name)) {
            throw new S3Exception(S3Error.INVALID_BUCKET_NAME).with("BucketName", name);
        }
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** Four dot-separated groups of 1-3 digits, like 192.168.5.4 (S3 rejects these whatever the values). */
    private static boolean looksLikeIpv4(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) return false;
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') return false;
            }
        }
        return true;
    }
}
