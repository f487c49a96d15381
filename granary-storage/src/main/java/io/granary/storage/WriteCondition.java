package io.granary.storage;

/**
 * A condition checked atomically with a commit, under the key's lock, so that "create only if absent" and
 * "replace only if unchanged" are race-free.
 */
public sealed interface WriteCondition {
    /** Always write. */
    WriteCondition NONE = new None();

    /** Write only if no object exists under the key (S3 {@code If-None-Match: *}). */
    WriteCondition IF_ABSENT = new IfAbsent();

    /** Write only if the current object's ETag equals this one (S3 {@code If-Match} on PUT). */
    static WriteCondition ifEtagMatches(String etag) {
        return new IfEtagMatches(etag);
    }

    record None() implements WriteCondition {}

    record IfAbsent() implements WriteCondition {}

    record IfEtagMatches(String etag) implements WriteCondition {}
}
