package io.granary.storage.internal;

import io.granary.storage.ObjectInfo;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.WriteCondition;

/** The {@link WriteCondition} check shared by both engines. */
public final class WriteConditions {

    private WriteConditions() {}

    /**
     * Throws {@link StorageError#PRECONDITION_FAILED} unless {@code condition} holds for the current object
     * ({@code null} when the key has none); a {@code null} condition means {@link WriteCondition#NONE}.
     */
    public static void check(ObjectInfo current, WriteCondition condition, String key) {
        switch (condition == null ? WriteCondition.NONE : condition) {
            case WriteCondition.None n -> { }
            case WriteCondition.IfAbsent a -> {
                if (current != null) {
                    throw new StorageException(StorageError.PRECONDITION_FAILED, "key exists: " + key);
                }
            }
            case WriteCondition.IfEtagMatches m -> {
                if (current == null) {
                    throw new StorageException(StorageError.PRECONDITION_FAILED, "no current object: " + key);
                }
                String want = unquote(m.etag());
                if (!"*".equals(want) && !unquote(current.etag()).equals(want)) {
                    throw new StorageException(StorageError.PRECONDITION_FAILED, "ETag differs: " + key);
                }
            }
        }
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return "";
        }
        if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }
}
