package io.granary.s3.handler.bucket;

import io.granary.s3.handler.S3Settings;
import io.granary.s3.handler.support.ETags;
import io.granary.s3.handler.support.KeyEncoding;
import io.granary.s3.handler.support.OwnerXml;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectMetadata;

import java.util.List;

/**
 * Writes the per-entry elements shared by the object listings: {@code <Contents>} (ListObjects v1/v2),
 * {@code <Version>} (ListObjectVersions, always VersionId "null" and IsLatest true as buckets are unversioned) and
 * {@code <CommonPrefixes>}, in the element order S3 uses. ETags are quoted, times ISO 8601 with milliseconds, and
 * ChecksumAlgorithm/ChecksumType appear only for objects that carry an additional checksum.
 */
final class EntryXml {
    private EntryXml() {}

    static void contents(XmlWriter xml, ObjectInfo o, KeyEncoding enc, boolean owner, S3Settings settings) {
        xml.start("Contents")
                .element("Key", enc.apply(o.key()))
                .element("LastModified", o.lastModified())
                .element("ETag", ETags.quote(o.etag()));
        checksum(xml, o.metadata());
        xml.element("Size", o.size());
        if (owner) OwnerXml.write(xml, "Owner", settings);
        xml.element("StorageClass", o.metadata().storageClass());
        xml.end();
    }

    static void version(XmlWriter xml, ObjectInfo o, KeyEncoding enc, S3Settings settings) {
        xml.start("Version")
                .element("Key", enc.apply(o.key()))
                .element("VersionId", "null")
                .element("IsLatest", true)
                .element("LastModified", o.lastModified())
                .element("ETag", ETags.quote(o.etag()));
        checksum(xml, o.metadata());
        xml.element("Size", o.size())
                .element("StorageClass", o.metadata().storageClass());
        OwnerXml.write(xml, "Owner", settings);
        xml.end();
    }

    static void commonPrefixes(XmlWriter xml, List<String> prefixes, KeyEncoding enc) {
        for (String p : prefixes) {
            xml.start("CommonPrefixes").element("Prefix", enc.apply(p)).end();
        }
    }

    private static void checksum(XmlWriter xml, ObjectMetadata m) {
        if (m.checksumAlgorithm() == null) return;
        xml.element("ChecksumAlgorithm", m.checksumAlgorithm().name());
        if (m.checksumType() != null) xml.element("ChecksumType", m.checksumType().name());
    }
}
