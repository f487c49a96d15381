package io.granary.platform;

/**
 * Chooses the buffer allocator from platform facts; a pure function (no probing, no I/O).
 *
 * <p>Contract: {@link AllocatorKind#POOLED} exactly on Linux, x86_64, glibc, 4096-byte pages (the only platform
 * where the jemalloc-style pool is proven); {@link AllocatorKind#ADAPTIVE} everywhere else, including every
 * unknown. An explicit override ({@code --allocator}) always wins.
 */
public final class AllocatorPolicy {
    /** Reason text used when the choice comes from the command line. */
    public static final String FORCED = "forced by --allocator";
    /** The only page size the pooled allocator is proven with. */
    public static final long POOLED_PAGE_SIZE = 4096;

    private AllocatorPolicy() {}

    /** The platform's choice, without override. */
    public static AllocatorChoice choose(PlatformFacts facts) {
        return choose(facts, null);
    }

    /**
     * @param override the {@code --allocator} value, or null for the platform's choice
     */
    public static AllocatorChoice choose(PlatformFacts facts, AllocatorKind override) {
        if (override != null) return new AllocatorChoice(override, FORCED);
        String why = notProvenBecause(facts);
        if (why == null) {
            return new AllocatorChoice(AllocatorKind.POOLED,
                    "linux x86_64 glibc with 4 KiB pages: the pooled allocator is proven here");
        }
        return new AllocatorChoice(AllocatorKind.ADAPTIVE, why + ": using the adaptive allocator");
    }

    /** Null when the pooled allocator is proven on these facts, else the first reason it is not. */
    private static String notProvenBecause(PlatformFacts f) {
        if (f.os() != OsFamily.LINUX) return "os is " + f.os().name().toLowerCase(java.util.Locale.ROOT);
        if (f.arch() != Arch.X86_64) return "arch is " + f.arch().name().toLowerCase(java.util.Locale.ROOT);
        if (f.libc() != Libc.GLIBC) return "libc is " + f.libc().name().toLowerCase(java.util.Locale.ROOT);
        if (!f.pageSizeKnown()) return "page size is unknown";
        if (f.pageSize() != POOLED_PAGE_SIZE) return "page size is " + f.pageSize() + " bytes, not 4096";
        return null;
    }
}
