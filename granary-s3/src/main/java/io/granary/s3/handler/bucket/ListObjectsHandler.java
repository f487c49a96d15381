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
 * ListObjects, version 1 ({@code GET /bucket}): {@code <ListBucketResult>}.
 *
 * <p>Parameters: {@code prefix}, {@code delimiter} (any string, multi-character too), {@code marker} (keys strictly
 * after it), {@code max-keys} (default 1000, capped at 1000; negative or non-numeric is InvalidArgument),
 * {@code encoding-type=url} (anything else is InvalidArgument).
 *
 * <p>Response: Name, Prefix and Marker (always, empty when not given), NextMarker (only when a delimiter was given
 * and the page is truncated: the last key or common prefix of the page, as S3 does; without a delimiter clients use
 * the last Key), MaxKeys, Delimiter (when given), IsTruncated, EncodingType (when url), then Contents (Key,
 * LastModified, ETag, ChecksumAlgorithm/ChecksumType when present, Size, Owner, StorageClass) and CommonPrefixes.
 * With encoding-type=url, Key, Prefix, Delimiter, Marker, NextMarker and CommonPrefixes are URL-encoded.
 */
final class ListObjectsHandler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        String prefix = nz(ctx.param("prefix"));
        String delimiter = emptyToNull(ctx.param("delimiter"));
        String marker = nz(ctx.param("marker"));
        int maxKeys = ListParams.pageSize(ctx, "max-keys");
        KeyEncoding enc = KeyEncoding.of(ctx);

        ListPage page = ListingPager.fetch(ctx.store(), ctx.bucket(), prefix, delimiter, marker, maxKeys);
        return S3Response.xml(200, render(ctx, page, prefix, delimiter, marker, maxKeys, enc));
    }

    static byte[] render(RequestContext ctx, ListPage page, String prefix, String delimiter, String marker,
                         int maxKeys, KeyEncoding enc) {
        XmlWriter xml = new XmlWriter().root("ListBucketResult")
                .element("Name", ctx.bucket())
                .element("Prefix", enc.apply(prefix))
                .element("Marker", enc.apply(marker));
        if (delimiter != null && page.truncated()) xml.element("NextMarker", enc.apply(page.lastEntry()));
        xml.element("MaxKeys", maxKeys)
                .element("Delimiter", enc.apply(delimiter))
                .element("IsTruncated", page.truncated())
                .element("EncodingType", enc.elementValue());
        for (ObjectInfo o : page.objects()) EntryXml.contents(xml, o, enc, true, ctx.settings());
        EntryXml.commonPrefixes(xml, page.commonPrefixes(), enc);
        return xml.toBytes();
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
