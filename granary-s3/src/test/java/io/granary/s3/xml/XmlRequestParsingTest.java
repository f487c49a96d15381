package io.granary.s3.xml;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.storage.ChecksumAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlRequestParsingTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertMalformed(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.error()).isEqualTo(S3Error.MALFORMED_XML));
    }

    @Test
    void parsesDeleteWithNamespaceQuietAndVersionIds() {
        DeleteObjectsRequest r = DeleteObjectsRequest.parse(b("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Quiet> true </Quiet>
                  <Object><Key>a/b.txt</Key></Object>
                  <Object><Key> spaced &amp; &lt;escaped&gt; </Key><VersionId>null</VersionId></Object>
                  <Object><Key><![CDATA[cdata<key>]]></Key></Object>
                </Delete>"""));
        assertThat(r.quiet()).isTrue();
        assertThat(r.objects()).containsExactly(
                new DeleteObjectsRequest.ObjectId("a/b.txt", null),
                new DeleteObjectsRequest.ObjectId(" spaced & <escaped> ", "null"),
                new DeleteObjectsRequest.ObjectId("cdata<key>", null));
    }

    @Test
    void deleteWithoutNamespaceAndQuietDefaultsToFalse() {
        DeleteObjectsRequest r = DeleteObjectsRequest.parse(b("<Delete><Object><Key>k</Key></Object></Delete>"));
        assertThat(r.quiet()).isFalse();
        assertThat(r.objects()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "<Delete>",
            "<Delete><Object><Key>k</Key></Object>",
            "<Delete></Delete>",
            "<Delete><Quiet>maybe</Quiet><Object><Key>k</Key></Object></Delete>",
            "<Delete><Object><VersionId>null</VersionId></Object></Delete>",
            "<Remove><Object><Key>k</Key></Object></Remove>",
            "<Delete><Object><Key>k</Key></Object></Delete><Delete/>",
            "not xml at all",
    })
    void malformedDeleteBodies(String body) {
        assertMalformed(() -> DeleteObjectsRequest.parse(b(body)));
    }

    @Test
    void thousandObjectsAreFineButOneMoreIsMalformed() {
        StringBuilder sb = new StringBuilder("<Delete>");
        for (int i = 0; i < 1000; i++) sb.append("<Object><Key>k").append(i).append("</Key></Object>");
        assertThat(DeleteObjectsRequest.parse(b(sb + "</Delete>")).objects()).hasSize(1000);
        sb.append("<Object><Key>one-too-many</Key></Object>");
        assertMalformed(() -> DeleteObjectsRequest.parse(b(sb + "</Delete>")));
    }

    @Test
    void entityExpansionIsRejected() {
        String billionLaughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [
                  <!ENTITY lol "lol">
                  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
                  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
                ]>
                <Delete><Object><Key>&lol3;</Key></Object></Delete>""";
        assertMalformed(() -> DeleteObjectsRequest.parse(b(billionLaughs)));
    }

    @Test
    void externalEntitiesAreRejected() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE d [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                <Delete><Object><Key>&xxe;</Key></Object></Delete>""";
        assertMalformed(() -> DeleteObjectsRequest.parse(b(xxe)));
        String externalDtd = """
                <?xml version="1.0"?>
                <!DOCTYPE d SYSTEM "http://127.0.0.1:1/evil.dtd">
                <Delete><Object><Key>k</Key></Object></Delete>""";
        assertMalformed(() -> DeleteObjectsRequest.parse(b(externalDtd)));
    }

    @Test
    void undeclaredEntityIsMalformed() {
        assertMalformed(() -> DeleteObjectsRequest.parse(b("<Delete><Object><Key>&nope;</Key></Object></Delete>")));
    }

    @Test
    void oversizedAndDeepBodiesAreMalformed() {
        assertMalformed(() -> XmlRequestParser.parse(new byte[101], 100, 10));
        assertMalformed(() -> XmlRequestParser.parse(b("<a><b/><c/><d/></a>"), 100, 3));
        assertMalformed(() -> XmlRequestParser.parse(b("<a><a><a><a><a><a><a><a><a/></a></a></a></a></a></a></a></a>"),
                1000, 100));
    }

    @Test
    void parsesCompleteMultipartUpload() {
        CompleteMultipartRequest r = CompleteMultipartRequest.parse(b("""
                <CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Part><PartNumber> 1 </PartNumber><ETag>"0123456789abcdef0123456789abcdef"</ETag></Part>
                  <Part><ETag>&quot;fedcba9876543210fedcba9876543210&quot;</ETag><PartNumber>3</PartNumber>
                        <ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>
                  <Part><PartNumber>4</PartNumber><ETag>unquoted</ETag></Part>
                </CompleteMultipartUpload>"""));
        assertThat(r.parts()).containsExactly(
                new CompleteMultipartRequest.Part(1, "0123456789abcdef0123456789abcdef", null, null),
                new CompleteMultipartRequest.Part(3, "fedcba9876543210fedcba9876543210", ChecksumAlgorithm.CRC32,
                        "AAAAAA=="),
                new CompleteMultipartRequest.Part(4, "unquoted", null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "<CompleteMultipartUpload></CompleteMultipartUpload>",
            "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>",
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>",
            "<CompleteMultipartUpload><Part><ETag>e</ETag></Part></CompleteMultipartUpload>",
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>e</ETag>"
                    + "<ChecksumCRC32>a</ChecksumCRC32><ChecksumSHA1>b</ChecksumSHA1></Part></CompleteMultipartUpload>",
            "<Complete><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part></Complete>",
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>e</ETag></Part>",
    })
    void malformedCompleteBodies(String body) {
        assertMalformed(() -> CompleteMultipartRequest.parse(b(body)));
    }

    @Test
    void createBucketConfiguration() {
        assertThat(CreateBucketConfiguration.parse(new byte[0]).locationConstraint()).isEmpty();
        assertThat(CreateBucketConfiguration.parse(b("  \n")).locationConstraint()).isEmpty();
        assertThat(CreateBucketConfiguration.parse(b("""
                <CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <LocationConstraint> eu-west-1 </LocationConstraint>
                </CreateBucketConfiguration>""")).locationConstraint()).isEqualTo("eu-west-1");
        assertThat(CreateBucketConfiguration.parse(b("<CreateBucketConfiguration/>")).locationConstraint()).isEmpty();
        assertMalformed(() -> CreateBucketConfiguration.parse(b("<CreateBucketConfiguration>")));
        assertMalformed(() -> CreateBucketConfiguration.parse(b("<Other/>")));
    }
}
