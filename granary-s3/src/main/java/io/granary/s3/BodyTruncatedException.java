package io.granary.s3;

import java.io.IOException;

/** The connection ended (or failed) before the request body was complete. Maps to IncompleteBody. */
public final class BodyTruncatedException extends IOException {
    public BodyTruncatedException(String message) {
        super(message);
    }
}
