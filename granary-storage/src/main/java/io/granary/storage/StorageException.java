package io.granary.storage;

/** A storage failure with a typed reason; the message is for logs, never parsed. */
public final class StorageException extends RuntimeException {
    private final StorageError error;

    public StorageException(StorageError error, String message) {
        super(message);
        this.error = error;
    }

    public StorageException(StorageError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public StorageError error() {
        return error;
    }
}
