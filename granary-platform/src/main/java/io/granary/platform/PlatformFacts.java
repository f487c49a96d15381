package io.granary.platform;

import java.util.Objects;

/**
 * The inputs of the platform decisions ({@link AllocatorPolicy}, {@link TransportPolicy}): small, pure and easy
 * to build in tests for platforms this machine is not.
 *
 * @param os       operating-system family
 * @param arch     normalised architecture
 * @param libc     C library ({@link Libc#NOT_APPLICABLE} off Linux)
 * @param pageSize memory page size in bytes, or {@link #UNKNOWN_PAGE_SIZE}
 */
public record PlatformFacts(OsFamily os, Arch arch, Libc libc, long pageSize) {
    /** Page size value meaning "could not be determined". */
    public static final long UNKNOWN_PAGE_SIZE = -1;

    public PlatformFacts {
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(libc, "libc");
        if (pageSize <= 0) pageSize = UNKNOWN_PAGE_SIZE;
    }

    public boolean pageSizeKnown() {
        return pageSize != UNKNOWN_PAGE_SIZE;
    }

    /** Short human form, e.g. {@code linux/aarch64/glibc/16K}. */
    public String describe() {
        String page = !pageSizeKnown() ? "?" : pageSize % 1024 == 0 ? (pageSize / 1024) + "K" : pageSize + "B";
        return (os + "/" + arch + "/" + libc).toLowerCase(java.util.Locale.ROOT) + "/" + page;
    }
}
