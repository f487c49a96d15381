package io.granary.s3.handler.tagging;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TagSetTest {

    private static byte[] doc(String tags) {
        return ("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>" + tags + "</TagSet></Tagging>")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesAndRendersRoundTrip() {
        Map<String, String> tags = TagSet.parse(doc("<Tag><Key>a b</Key><Value>1&amp;2</Value></Tag>"
                + "<Tag><Key>empty</Key><Value></Value></Tag>"));
        assertThat(tags).containsExactly(Map.entry("a b", "1&2"), Map.entry("empty", ""));
        assertThat(TagSet.parse(TagSet.render(tags))).isEqualTo(tags);
    }

    @Test
    void rejectsWhatS3Rejects() {
        Map<String, String> eleven = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) eleven.put("k" + i, "v");
        assertInvalidTag(() -> TagSet.validate(eleven));
        assertInvalidTag(() -> TagSet.validate(Map.of("k".repeat(129), "v")));
        assertInvalidTag(() -> TagSet.validate(Map.of("k", "v".repeat(257))));
        assertInvalidTag(() -> TagSet.validate(Map.of("aws:k", "v")));
        assertInvalidTag(() -> TagSet.parse(doc("<Tag><Key>d</Key><Value>1</Value></Tag><Tag><Key>d</Key><Value>2</Value></Tag>")));
        assertThat(TagSet.validate(Map.of("k".repeat(128), "v".repeat(256)))).hasSize(1);
    }

    @Test
    void malformedDocumentsAreMalformedXml() {
        for (String body : new String[] {"", "<Tagging>", "<Other><TagSet/></Other>", "<Tagging/>"}) {
            assertThatThrownBy(() -> TagSet.parse(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body).isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML));
        }
    }

    private static void assertInvalidTag(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_TAG));
    }
}
