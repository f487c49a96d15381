package io.granary.bench.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizesAndListParsingTest {

    @Test
    void sizes() {
        assertThat(Sizes.parse("4096")).isEqualTo(4096);
        assertThat(Sizes.parse("4KiB")).isEqualTo(4096);
        assertThat(Sizes.parse("4k")).isEqualTo(4096);
        assertThat(Sizes.parse("64MiB")).isEqualTo(64L << 20);
        assertThat(Sizes.parse("1MB")).isEqualTo(1_000_000);
        assertThat(Sizes.parse("1.5KiB")).isEqualTo(1536);
        assertThat(Sizes.format(4096)).isEqualTo("4 KiB");
        assertThat(Sizes.format(64L << 20)).isEqualTo("64 MiB");
        assertThat(Sizes.format(100)).isEqualTo("100 B");
        assertThatThrownBy(() -> Sizes.parse("4 parsecs")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listResponse() {
        String xml = "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a</Key></Contents>"
                + "<Contents><Key>b</Key></Contents><NextContinuationToken>x&amp;y/z=</NextContinuationToken>"
                + "</ListBucketResult>";
        assertThat(ListParsing.countKeys(xml)).isEqualTo(2);
        assertThat(ListParsing.nextToken(xml)).isEqualTo("x&y/z=");
        assertThat(ListParsing.nextToken(xml.replace("true", "false"))).isNull();
    }

    @Test
    void keys() {
        assertThat(Runner.key("obj-", 42)).isEqualTo("obj-00000042");
    }
}
