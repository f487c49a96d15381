package io.granary.s3.handler.tagging;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.xml.XmlElement;
import io.granary.s3.xml.XmlRequestParser;
import io.granary.s3.xml.XmlWriter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object's tag set and S3's rules for it: at most 10 tags, keys of 1..128 and values of 0..256 characters,
 * unique keys, no {@code aws:} prefix. Violations are InvalidTag (400), as S3 answers.
 */
public final class TagSet {
    public static final int MAX_TAGS = 10;
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private TagSet() {}

    /** Checks a tag set from any source (the Tagging document or the x-amz-tagging header). */
    public static Map<String, String> validate(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw new S3Exception(S3Error.INVALID_TAG, "Object tags cannot be greater than " + MAX_TAGS);
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String k = t.getKey();
            String v = t.getValue() == null ? "" : t.getValue();
            if (k.isEmpty() || k.codePointCount(0, k.length()) > 128) {
                throw new S3Exception(S3Error.INVALID_TAG, "The TagKey you have provided is invalid");
            }
            if (v.codePointCount(0, v.length()) > 256) {
                throw new S3Exception(S3Error.INVALID_TAG, "The TagValue you have provided is invalid");
            }
            if (k.startsWith("aws:")) {
                throw new S3Exception(S3Error.INVALID_TAG, "Your TagKey cannot be prefixed with aws:");
            }
        }
        return tags;
    }

    /** Parses {@code <Tagging><TagSet><Tag><Key/><Value/></Tag>...</TagSet></Tagging>}. */
    public static Map<String, String> parse(byte[] body) {
        if (body.length == 0) throw new S3Exception(S3Error.MALFORMED_XML);
        XmlElement root = XmlRequestParser.parse(body, MAX_BODY_BYTES, 1000);
        XmlElement set = root.child("TagSet");
        if (!root.name().equals("Tagging") || set == null) throw new S3Exception(S3Error.MALFORMED_XML);
        Map<String, String> tags = new LinkedHashMap<>();
        for (XmlElement tag : set.children("Tag")) {
            String key = tag.childText("Key");
            String value = tag.childText("Value");
            if (key == null) throw new S3Exception(S3Error.MALFORMED_XML);
            if (tags.put(key, value == null ? "" : value) != null) {
                throw new S3Exception(S3Error.INVALID_TAG, "Cannot provide multiple Tags with the same key");
            }
        }
        return validate(tags);
    }

    public static byte[] render(Map<String, String> tags) {
        XmlWriter xml = new XmlWriter().root("Tagging").start("TagSet");
        for (Map.Entry<String, String> t : tags.entrySet()) {
            xml.start("Tag").element("Key", t.getKey()).element("Value", t.getValue()).end();
        }
        return xml.toBytes();
    }

    /** {@code versionId} may only name the current (null) version of an unversioned bucket. */
    static void checkVersion(String versionId) {
        if (versionId != null && !versionId.equals("null")) {
            throw new S3Exception(S3Error.NO_SUCH_VERSION).with("VersionId", versionId);
        }
    }
}
