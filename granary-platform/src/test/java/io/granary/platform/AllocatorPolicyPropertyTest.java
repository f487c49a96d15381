package io.granary.platform;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocator decision over the whole space of platform descriptions: every OS × arch × libc, with the page sizes
 * that exist plus seeded random ones (including nonsense such as 0 and negatives, which a broken probe could report).
 */
class AllocatorPolicyPropertyTest {

    private static List<Long> pageSizes() {
        List<Long> sizes = new ArrayList<>(List.of(-1L, 0L, 4096L, 8192L, 16384L, 65536L, 2L * 1024 * 1024));
        SplittableRandom random = new SplittableRandom(20261203L);
        for (int i = 0; i < 50; i++) sizes.add(random.nextLong(-10, 1L << 30));
        return sizes;
    }

    @Test
    void pooledIffLinuxX8664Glibc4k() {
        for (OsFamily os : OsFamily.values())
            for (Arch arch : Arch.values())
                for (Libc libc : Libc.values())
                    for (long page : pageSizes()) {
                        PlatformFacts f = new PlatformFacts(os, arch, libc, page);
                        boolean proven = os == OsFamily.LINUX && arch == Arch.X86_64 && libc == Libc.GLIBC
                                && page == 4096;
                        AllocatorChoice c = AllocatorPolicy.choose(f);
                        assertThat(c.kind() == AllocatorKind.POOLED).as(f.toString()).isEqualTo(proven);
                        assertThat(c.kind()).as(f.toString()).isNotEqualTo(AllocatorKind.UNPOOLED);
                        assertThat(c.reason()).as(f.toString()).isNotBlank();
                    }
    }

    @Test
    void overrideAlwaysWins() {
        for (OsFamily os : OsFamily.values())
            for (Arch arch : Arch.values())
                for (Libc libc : Libc.values())
                    for (long page : pageSizes())
                        for (AllocatorKind forced : AllocatorKind.values()) {
                            PlatformFacts f = new PlatformFacts(os, arch, libc, page);
                            assertThat(AllocatorPolicy.choose(f, forced)).as(f + " forced " + forced)
                                    .isEqualTo(new AllocatorChoice(forced, AllocatorPolicy.FORCED));
                        }
    }
}
