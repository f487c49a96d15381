package io.granary.platform;

import java.util.Objects;

/**
 * One probed fact: either known (with where it came from) or unknown (with a placeholder value and the reason).
 * Probes never throw; a failure becomes {@code unknown(placeholder, reason)}.
 *
 * @param value  the value, or the placeholder when unknown (never null)
 * @param known  whether the value was actually found
 * @param detail the source when known ("/proc/self/auxv AT_PAGESZ"), else the reason it is unknown
 */
public record Probed<T>(T value, boolean known, String detail) {
    public Probed {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(detail, "detail");
    }

    public static <T> Probed<T> of(T value, String source) {
        return new Probed<>(value, true, source);
    }

    public static <T> Probed<T> unknown(T placeholder, String reason) {
        return new Probed<>(placeholder, false, reason);
    }

    @Override
    public String toString() {
        return known ? value + " (" + detail + ")" : "unknown (" + detail + ")";
    }
}
