package io.granary.storage.erasure;

/** On-demand healing (for {@code granary admin heal} and an admin endpoint). Thread-safe. */
public interface Healer {

    /** Checks every drive's copy of one object (metadata and every shard block's bitrot hash) and repairs it. */
    HealResult heal(String bucket, String key);

    /** Heals the bucket's descriptor on every drive, then every object in it, and removes stray leftovers. */
    HealReport healBucket(String bucket);

    /** Re-formats drives that lost their format file, then heals every bucket. Refills a replaced empty drive. */
    HealReport healAll();
}
