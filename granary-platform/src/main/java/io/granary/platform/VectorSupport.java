package io.granary.platform;

/**
 * Whether the (incubating) Vector API can be used, Netty-style: {@link #isAvailable()} and, when it is not,
 * {@link #unavailabilityCause()}.
 *
 * @param available         the module {@code jdk.incubator.vector} is in the boot layer and usable
 * @param preferredBitWidth the preferred species width in bits ({@code VectorShape.preferredShape()}), or -1
 * @param detail            how it was found, or why it is not available
 */
public record VectorSupport(boolean available, int preferredBitWidth, String detail) {
    public boolean isAvailable() {
        return available;
    }

    /** The reason it is unavailable, or null when available. */
    public String unavailabilityCause() {
        return available ? null : detail;
    }
}
