package io.granary.storage.erasure;

/**
 * What a heal of one object found and did.
 *
 * @param state         see {@link State}
 * @param drivesRepaired drives whose metadata and/or shards were rewritten
 * @param detail        human-readable detail for logs and the admin command
 */
public record HealResult(String bucket, String key, State state, int drivesRepaired, String detail) {

    public enum State {
        /** Every drive of the set holds a good copy of the metadata and its shard. */
        HEALTHY,
        /** Some drives were missing or corrupt and were rewritten: full redundancy again. */
        HEALED,
        /** The key is not a live object; leftovers of it on some drives were removed. */
        CLEANED,
        /** The key is not a live object and no drive holds anything of it. */
        ABSENT,
        /** Could not restore full redundancy (too few good shards, or a drive refused writes). */
        FAILED
    }
}
