package io.granary.s3;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thrown by handlers to answer with an S3 error. Extra elements (for example {@code <Key>}, {@code <ArgumentName>})
 * go into the error document; extra headers (for example {@code Content-Range} on 416) into the response.
 */
public final class S3Exception extends RuntimeException {
    private final S3Error error;
    private final Map<String, String> elements = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public S3Exception(S3Error error) {
        this(error, error.defaultMessage());
    }

    public S3Exception(S3Error error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public S3Exception(S3Error error, String message, Throwable cause) {
        super(message, cause, false, false);
        this.error = error;
    }

    public S3Error error() {
        return error;
    }

    /** Adds an element to the error document, e.g. {@code with("ArgumentName", "max-keys")}. */
    public S3Exception with(String element, String value) {
        if (value != null) elements.put(element, value);
        return this;
    }

    public S3Exception withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> elements() {
        return elements;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
