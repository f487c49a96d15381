package io.granary.storage.local;

import io.granary.storage.local.internal.Utf8Order;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8OrderTest {

    private static int byteCompare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> unicode() {
        Arbitrary<String> cp = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab/\u007f\u0080\u07ff"),
                Arbitraries.of("\uE000", "\uFFFD", "\uFFFF", "\uD83D\uDE00", "\uDBFF\uDFFF", "\uD800\uDC00", "a"));
        return cp.list().ofMaxSize(5).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void comparatorMatchesUnsignedUtf8Bytes(@ForAll("unicode") String a, @ForAll("unicode") String b) {
        assertThat(Integer.signum(Utf8Order.compare(a, b))).isEqualTo(Integer.signum(byteCompare(a, b)));
    }

    @Property(tries = 1000)
    void prefixSuccessorBoundsTheGroup(@ForAll("unicode") String prefix, @ForAll("unicode") String other) {
        String succ = Utf8Order.prefixSuccessor(prefix);
        if (succ == null) {
            return;
        }
        assertThat(byteCompare(succ, prefix)).isPositive();
        if ((other).startsWith(prefix)) {
            assertThat(byteCompare(other, succ)).isNegative();
        } else if (byteCompare(other, prefix) > 0) {
            assertThat(byteCompare(other, succ)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void supplementaryCharactersSortAfterPrivateUse() {
        // String.compareTo gets this wrong
        assertThat("\uD83D\uDE00".compareTo("\uFFFD")).isNegative();
        assertThat(Utf8Order.compare("\uD83D\uDE00", "\uFFFD")).isPositive();
        assertThat(Utf8Order.prefixSuccessor("")).isNull();
        assertThat(Utf8Order.prefixSuccessor("a\uDBFF\uDFFF")).isEqualTo("b");
        assertThat(Utf8Order.prefixSuccessor("\uD7FF")).isEqualTo("\uE000");
    }

    @Test
    void keyValidation() {
        assertThat(Utf8Order.isValidKey("a")).isTrue();
        assertThat(Utf8Order.isValidKey("")).isFalse();
        assertThat(Utf8Order.isValidKey(null)).isFalse();
        assertThat(Utf8Order.isValidKey("\uD83D\uDE00".repeat(256))).isTrue();
        assertThat(Utf8Order.isValidKey("\uD83D\uDE00".repeat(256) + "x")).isFalse();
        assertThat(Utf8Order.isValidKey("a\uDE00")).isFalse();
    }
}
