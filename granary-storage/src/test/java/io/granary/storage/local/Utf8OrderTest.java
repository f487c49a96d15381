package io.granary.storage.local;

import io.granary.storage.local.internal.Utf8Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static io.granary.storage.local.RandomInputs.literal;
import static org.assertj.core.api.Assertions.assertThat;

class Utf8OrderTest {

    private static int byteCompare(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    // ---- randomized properties: each seed reproduces its inputs (see RandomInputs) ----

    /** Strings from a small alphabet around the 1/2-byte UTF-8 boundaries. */
    private static final String ALPHABET = "ab/\u007f\u0080\u07ff";

    /** Private use, replacement char, U+FFFF, surrogate pairs (incl. the highest and lowest supplementary). */
    private static final String[] TOKENS = {
            "\uE000", "\uFFFD", "\uFFFF", "\uD83D\uDE00", "\uDBFF\uDFFF", "\uD800\uDC00", "a"};

    /** 0..5 pieces, each equally likely an alphabet string (0..255 chars, mostly short) or one of the tokens. */
    static String unicode(SplittableRandom r) {
        List<String> pieces = RandomInputs.list(r, 0, 5,
                t -> t.nextBoolean() ? RandomInputs.string(t, ALPHABET, 0, 255) : RandomInputs.oneOf(t, TOKENS));
        return String.join("", pieces);
    }

    static LongStream seeds2000() {
        return RandomInputs.seeds(2000);
    }

    static LongStream seeds1000() {
        return RandomInputs.seeds(1000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds2000")
    void comparatorMatchesUnsignedUtf8Bytes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String a = unicode(r);
        String b = unicode(r);
        assertThat(Integer.signum(Utf8Order.compare(a, b)))
                .as("seed %d: compare(%s, %s)", seed, literal(a), literal(b))
                .isEqualTo(Integer.signum(byteCompare(a, b)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds1000")
    void prefixSuccessorBoundsTheGroup(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String prefix = unicode(r);
        String other = unicode(r);
        String succ = Utf8Order.prefixSuccessor(prefix);
        if (succ == null) {
            return;
        }
        String ctx = String.format("seed %d: prefix=%s succ=%s other=%s", seed, literal(prefix), literal(succ),
                literal(other));
        assertThat(byteCompare(succ, prefix)).as("%s: succ > prefix", ctx).isPositive();
        if (other.startsWith(prefix)) {
            assertThat(byteCompare(other, succ)).as("%s: prefixed key < succ", ctx).isNegative();
        } else if (byteCompare(other, prefix) > 0) {
            assertThat(byteCompare(other, succ)).as("%s: unprefixed key after prefix >= succ", ctx)
                    .isGreaterThanOrEqualTo(0);
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
