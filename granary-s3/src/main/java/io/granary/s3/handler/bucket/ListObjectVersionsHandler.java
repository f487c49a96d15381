package io.granary.s3.handler.bucket;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.KeyEncoding;
import io.granary.s3.handler.support.ListParams;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.ListPage;
import io.granary.storage.ObjectInfo;

/**
 * ListObjectVersions ({@code GET /bucket?versions}) for unversioned buckets: {@code <ListVersionsResult>} where every
 * object is one {@code <Version>} with VersionId {@code null} and IsLatest true; there are never DeleteMarkers.
 *
 * <p>Parameters: {@code prefix}, {@code delimiter}, {@code max-keys} (as ListObjects), {@code encoding-type=url},
 * {@code key-marker} and {@code version-id-marker}. As every key has exactly one version ("null"), a
 * version-id-marker of "null" means "after key-marker", as does key-marker alone; a version-id-marker without a
 * key-marker, or naming any other version, is InvalidArgument as in S3.
 *
 * <p>When truncated, NextKeyMarker is the page's last key or common prefix and NextVersionIdMarker is "null" when it
 * was a key (omitted after a common prefix). With encoding-type=url, Key, Prefix, Delimiter, KeyMarker,
 * NextKeyMarker and CommonPrefixes are URL-encoded.
 */
final class ListObjectVersionsHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        String prefix = ListObjectsHandler.nz(ctx.param("prefix"));
        String delimiter = ListObjectsHandler.emptyToNull(ctx.param("delimiter"));
        int maxKeys = ListParams.pageSize(ctx, "max-keys");
        KeyEncoding enc = KeyEncoding.of(ctx);
        String keyMarker = ListObjectsHandler.nz(ctx.param("key-marker"));
        String versionIdMarker = ctx.param("version-id-marker");
        if (versionIdMarker != null && !versionIdMarker.isEmpty()) {
            if (keyMarker.isEmpty()) {
                throw ListParams.invalid("version-id-marker", versionIdMarker,
                        "A version-id marker cannot be specified without a key marker.");
            }
            if (!versionIdMarker.equals("null")) {
                throw ListParams.invalid("version-id-marker", versionIdMarker, "Invalid version id specified");
            }
        }

        ListPage page = ListingPager.fetch(ctx.store(), ctx.bucket(), prefix, delimiter, keyMarker, maxKeys);

        XmlWriter xml = new XmlWriter().root("ListVersionsResult")
                .element("Name", ctx.bucket())
                .element("Prefix", enc.apply(prefix))
                .element("KeyMarker", enc.apply(keyMarker))
                .element("VersionIdMarker", versionIdMarker == null ? "" : versionIdMarker);
        if (page.truncated() && page.lastEntry() != null) {
            xml.element("NextKeyMarker", enc.apply(page.lastEntry()));
            if (!page.commonPrefixes().contains(page.lastEntry())) xml.element("NextVersionIdMarker", "null");
        }
        xml.element("MaxKeys", maxKeys)
                .element("Delimiter", enc.apply(delimiter))
                .element("IsTruncated", page.truncated())
                .element("EncodingType", enc.elementValue());
        for (ObjectInfo o : page.objects()) EntryXml.version(xml, o, enc, ctx.settings());
        EntryXml.commonPrefixes(xml, page.commonPrefixes(), enc);
        return S3Response.xml(200, xml.toBytes());
    }
}
