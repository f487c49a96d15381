package io.granary.storage;

/**
 * A storage failure with a typed reason; the message is for logs, never parsed. Only {@link StorageError#INTERNAL}
 * and {@link StorageError#STORAGE_FULL} failures record a stack trace: the others are answers to the caller (no such
 * key, a precondition that did not hold ...), thrown on ordinary request paths where a trace would only cost time.
 */
public final class StorageException extends RuntimeException {
    private final StorageError error;

    public StorageException(StorageError error, String message) {
        this(error, message, null);
    }

    public StorageException(StorageError error, String message, Throwable cause) {
        super(message, cause, true, error == StorageError.INTERNAL || error == StorageError.STORAGE_FULL);
        this.error = error;
    }

    public StorageError error() {
        return error;
    }
}
