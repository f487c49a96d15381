package io.granary.s3.xml;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body of DeleteObjects:
 * {@code <Delete><Quiet>true|false</Quiet><Object><Key>k</Key><VersionId>v</VersionId></Object>...</Delete>}.
 *
 * <p>MalformedXML when the document is not well-formed, the root is not {@code Delete}, there is no
 * {@code Object} or more than {@link #MAX_OBJECTS}, an {@code Object} has no {@code Key}, or {@code Quiet} is not a
 * boolean. Keys are kept exactly as sent (not trimmed); an empty key is kept too and reported per key by the
 * handler. Duplicates are kept in order (S3 answers each).
 *
 * @param quiet   true to report only errors
 * @param objects the keys to delete, in document order
 */
public record DeleteObjectsRequest(boolean quiet, List<ObjectId> objects) {
    public static final int MAX_OBJECTS = 1000;
    /** Largest accepted body: 1000 keys of 1024 UTF-8 bytes, escaped, fit easily. */
    public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

    public DeleteObjectsRequest {
        objects = List.copyOf(objects);
    }

    /** One key to delete; {@code versionId} is null when the client sent none. */
    public record ObjectId(String key, String versionId) {}

    public static DeleteObjectsRequest parse(byte[] body) {
        XmlElement root = XmlRequestParser.parse(body, MAX_BODY_BYTES, 4 * MAX_OBJECTS + 64);
        if (!root.name().equals("Delete")) throw malformed();
        boolean quiet = false;
        String q = root.childText("Quiet");
        if (q != null) {
            quiet = switch (q.trim().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw malformed();
            };
        }
        List<XmlElement> objs = root.children("Object");
        if (objs.isEmpty() || objs.size() > MAX_OBJECTS) throw malformed();
        List<ObjectId> out = new ArrayList<>(objs.size());
        for (XmlElement o : objs) {
            String key = o.childText("Key");
            if (key == null) throw malformed();
            String version = o.childText("VersionId");
            out.add(new ObjectId(key, version == null ? null : version.trim()));
        }
        return new DeleteObjectsRequest(quiet, out);
    }

    private static S3Exception malformed() {
        return new S3Exception(S3Error.MALFORMED_XML);
    }
}
