package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.handler.Operation;
import io.granary.storage.ChecksumAlgorithm;
import io.granary.storage.ChecksumType;
import io.granary.storage.ObjectMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ListingTest {
    @TempDir
    Path dir;
    MemoryStore store;

    static final List<String> KEYS = List.of("a.txt", "dir/one", "dir/sub/three", "dir/two", "e f+g", "z");

    @BeforeEach
    void setUp() {
        store = new MemoryStore(dir).bucketNow("bkt");
        for (String k : KEYS) store.put("bkt", k, "data-" + k);
    }

    /** Texts of every {@code <name>} element, in order. */
    static List<String> all(String xml, String name) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(xml);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    static String one(String xml, String name) {
        List<String> l = all(xml, name);
        return l.isEmpty() ? null : l.getFirst();
    }

    String list(Operation op, String query) throws Exception {
        return Ctx.text(Ctx.of(op, "bkt", null).store(store).query(query).run());
    }

    @Test
    void v1WithoutDelimiterHasNoNextMarker() throws Exception {
        String xml = list(Operation.LIST_OBJECTS, "max-keys=2");
        assertThat(xml).startsWith("<?xml").contains("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        assertThat(all(xml, "Key")).containsExactly("a.txt", "dir/one");
        assertThat(one(xml, "IsTruncated")).isEqualTo("true");
        assertThat(one(xml, "NextMarker")).isNull();
        assertThat(xml).contains("<Name>bkt</Name><Prefix></Prefix><Marker></Marker><MaxKeys>2</MaxKeys>");
        assertThat(all(xml, "Owner")).hasSize(2);
        assertThat(all(xml, "StorageClass")).containsOnly("STANDARD");
        assertThat(all(xml, "ETag")).first().isEqualTo("&quot;" + MemoryStore.md5Hex("data-a.txt".getBytes(StandardCharsets.UTF_8)) + "&quot;");
        assertThat(one(xml, "LastModified")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void v1WithDelimiterPagesThroughNextMarker() throws Exception {
        String xml = list(Operation.LIST_OBJECTS, "delimiter=/&max-keys=2");
        assertThat(all(xml, "Key")).containsExactly("a.txt");
        assertThat(all(xml, "Prefix")).containsExactly("", "dir/");
        assertThat(one(xml, "NextMarker")).isEqualTo("dir/");
        assertThat(one(xml, "Delimiter")).isEqualTo("/");
        String next = list(Operation.LIST_OBJECTS, "delimiter=/&max-keys=2&marker=dir/");
        assertThat(all(next, "Key")).containsExactly("e f+g", "z");
        assertThat(one(next, "IsTruncated")).isEqualTo("false");
        assertThat(one(next, "NextMarker")).isNull();
        assertThat(one(next, "Marker")).isEqualTo("dir/");
    }

    @Test
    void multiCharacterDelimiterAndPrefix() throws Exception {
        String xml = list(Operation.LIST_OBJECTS_V2, "list-type=2&prefix=dir/&delimiter=/t");
        assertThat(all(xml, "Key")).containsExactly("dir/one", "dir/two");
        assertThat(all(xml, "Prefix")).containsExactly("dir/", "dir/sub/t");
        assertThat(one(xml, "KeyCount")).isEqualTo("3");
    }

    @Test
    void encodingTypeUrlEncodesKeysPrefixesDelimiterAndMarkers() throws Exception {
        store.put("bkt", "\u00e9t\u00e9/x y", "x");
        String xml = list(Operation.LIST_OBJECTS, "encoding-type=url&delimiter=%2F&marker=e%20f");
        assertThat(one(xml, "EncodingType")).isEqualTo("url");
        assertThat(one(xml, "Marker")).isEqualTo("e%20f");
        assertThat(one(xml, "Delimiter")).isEqualTo("/");
        assertThat(all(xml, "Key")).containsExactly("e%20f%2Bg", "z");
        assertThat(all(xml, "Prefix")).containsExactly("", "%C3%A9t%C3%A9/");

        String v2 = list(Operation.LIST_OBJECTS_V2, "list-type=2&encoding-type=url&prefix=e%20&start-after=e%20a&delimiter=%2B");
        assertThat(one(v2, "Prefix")).isEqualTo("e%20");
        assertThat(one(v2, "StartAfter")).isEqualTo("e%20a");
        assertThat(one(v2, "Delimiter")).isEqualTo("%2B");
        assertThat(all(v2, "Prefix")).containsExactly("e%20", "e%20f%2B");
    }

    @Test
    void v2PagesNeverStopEarlyAndTokensRoundTrip() throws Exception {
        store.maxStorePage = 1;
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String q = "list-type=2&max-keys=3&delimiter=/" + (token == null ? "" : "&continuation-token=" + token);
            String xml = list(Operation.LIST_OBJECTS_V2, q);
            boolean truncated = one(xml, "IsTruncated").equals("true");
            int count = Integer.parseInt(one(xml, "KeyCount"));
            if (truncated) assertThat(count).isEqualTo(3);
            seen.addAll(all(xml, "Key"));
            List<String> prefixes = all(xml, "Prefix");
            seen.addAll(prefixes.subList(1, prefixes.size()));
            if (token != null) assertThat(one(xml, "ContinuationToken")).isEqualTo(token);
            token = truncated ? one(xml, "NextContinuationToken") : null;
            if (!truncated) assertThat(one(xml, "NextContinuationToken")).isNull();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).containsExactlyInAnyOrder("a.txt", "dir/", "e f+g", "z");
    }

    @Test
    void v2StartAfterOwnerAndKeyCount() throws Exception {
        String xml = list(Operation.LIST_OBJECTS_V2, "list-type=2&start-after=dir/two");
        assertThat(all(xml, "Key")).containsExactly("e f+g", "z");
        assertThat(one(xml, "KeyCount")).isEqualTo("2");
        assertThat(one(xml, "StartAfter")).isEqualTo("dir/two");
        assertThat(xml).doesNotContain("<Owner>");
        assertThat(list(Operation.LIST_OBJECTS_V2, "list-type=2&fetch-owner=true")).contains("<Owner><ID>");
    }

    @Test
    void maxKeysZeroAndCap() throws Exception {
        String zero = list(Operation.LIST_OBJECTS_V2, "list-type=2&max-keys=0");
        assertThat(one(zero, "IsTruncated")).isEqualTo("false");
        assertThat(one(zero, "KeyCount")).isEqualTo("0");
        assertThat(all(zero, "Contents")).isEmpty();
        String big = list(Operation.LIST_OBJECTS, "max-keys=5000");
        assertThat(one(big, "MaxKeys")).isEqualTo("1000");
        assertThat(all(big, "Key")).hasSize(KEYS.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-keys=-1", "max-keys=abc", "max-keys=1.5", "encoding-type=base64"})
    void invalidParameters(String query) {
        assertThat(Ctx.of(Operation.LIST_OBJECTS, "bkt", null).store(store).query(query).fail().error())
                .isEqualTo(S3Error.INVALID_ARGUMENT);
        assertThat(Ctx.of(Operation.LIST_OBJECTS_V2, "bkt", null).store(store).query("list-type=2&" + query).fail()
                .error()).isEqualTo(S3Error.INVALID_ARGUMENT);
    }

    @Test
    void invalidContinuationTokenAndListType() {
        var e = Ctx.of(Operation.LIST_OBJECTS_V2, "bkt", null).store(store)
                .query("list-type=2&continuation-token=garbage").fail();
        assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT);
        assertThat(e.getMessage()).isEqualTo("The continuation token provided is incorrect");
        assertThat(Ctx.of(Operation.LIST_OBJECTS_V2, "bkt", null).store(store).query("list-type=3").fail().error())
                .isEqualTo(S3Error.INVALID_ARGUMENT);
    }

    @Test
    void missingBucket() {
        assertThat(Ctx.of(Operation.LIST_OBJECTS, "nope", null).store(store).fail().error())
                .isEqualTo(S3Error.NO_SUCH_BUCKET);
        assertThat(Ctx.of(Operation.LIST_OBJECTS_V2, "nope", null).store(store).query("list-type=2&max-keys=0").fail()
                .error()).isEqualTo(S3Error.NO_SUCH_BUCKET);
    }

    @Test
    void checksumAlgorithmShownWhenPresent() throws Exception {
        ObjectMetadata m = new ObjectMetadata("0123456789abcdef0123456789abcdef", null, null, null, null, null, null,
                Map.of(), ChecksumAlgorithm.CRC32, "AAAAAA==", ChecksumType.FULL_OBJECT, List.of(), List.of(), null,
                Map.of());
        store.put("bkt", "b-with-crc", new byte[3], m);
        String xml = list(Operation.LIST_OBJECTS_V2, "list-type=2");
        assertThat(all(xml, "ChecksumAlgorithm")).containsExactly("CRC32");
        assertThat(xml).contains("<Key>b-with-crc</Key><LastModified>").contains(
                "<ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag><ChecksumAlgorithm>CRC32</ChecksumAlgorithm>"
                        + "<ChecksumType>FULL_OBJECT</ChecksumType><Size>3</Size>");
    }

    @Test
    void objectVersionsForUnversionedBucket() throws Exception {
        String xml = list(Operation.LIST_OBJECT_VERSIONS, "versions&max-keys=2");
        assertThat(xml).contains("<ListVersionsResult");
        assertThat(all(xml, "Key")).containsExactly("a.txt", "dir/one");
        assertThat(all(xml, "VersionId")).containsExactly("null", "null");
        assertThat(all(xml, "IsLatest")).containsOnly("true");
        assertThat(xml).doesNotContain("DeleteMarker");
        assertThat(one(xml, "NextKeyMarker")).isEqualTo("dir/one");
        assertThat(one(xml, "NextVersionIdMarker")).isEqualTo("null");

        String next = list(Operation.LIST_OBJECT_VERSIONS, "versions&key-marker=dir/one&version-id-marker=null");
        assertThat(all(next, "Key")).containsExactly("dir/sub/three", "dir/two", "e f+g", "z");
        assertThat(one(next, "IsTruncated")).isEqualTo("false");

        String delim = list(Operation.LIST_OBJECT_VERSIONS, "versions&delimiter=/&max-keys=2&encoding-type=url");
        assertThat(one(delim, "NextKeyMarker")).isEqualTo("dir/");
        assertThat(one(delim, "NextVersionIdMarker")).isNull();

        assertThat(Ctx.of(Operation.LIST_OBJECT_VERSIONS, "bkt", null).store(store).query("versions&version-id-marker=null")
                .fail().error()).isEqualTo(S3Error.INVALID_ARGUMENT);
        assertThat(Ctx.of(Operation.LIST_OBJECT_VERSIONS, "bkt", null).store(store)
                .query("versions&key-marker=a&version-id-marker=v123").fail().error()).isEqualTo(S3Error.INVALID_ARGUMENT);
    }
}
