package io.granary.s3.handler.bucket;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.KeyEncoding;
import io.granary.s3.handler.support.ListParams;
import io.granary.s3.handler.support.Utf8Order;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.ListPage;
import io.granary.storage.ObjectInfo;

/**
 * ListObjectsV2 ({@code GET /bucket?list-type=2}): {@code <ListBucketResult>}.
 *
 * <p>Parameters: {@code list-type} must be 2 (else InvalidArgument); {@code prefix}, {@code delimiter} (any,
 * multi-character too), {@code max-keys} (default 1000, capped at 1000; negative or non-numeric is
 * InvalidArgument), {@code start-after}, {@code continuation-token} (opaque, see {@link ContinuationToken}; when
 * given it decides where the page starts and start-after is only echoed; an invalid one is InvalidArgument "The
 * continuation token provided is incorrect"), {@code fetch-owner} (Owner elements only when "true"),
 * {@code encoding-type=url}.
 *
 * <p>Response: Name, Prefix (always), Delimiter (when given), MaxKeys, KeyCount (keys plus common prefixes),
 * IsTruncated, EncodingType (when url), ContinuationToken (echo, when given), NextContinuationToken (when truncated),
 * StartAfter (echo, when given), Contents and CommonPrefixes. With encoding-type=url, Key, Prefix, Delimiter,
 * StartAfter and CommonPrefixes are URL-encoded; tokens never are.
 */
final class ListObjectsV2Handler implements Handler {

    @Override
    public S3Response handle(RequestContext ctx) {
        String listType = ctx.param("list-type");
        if (!"2".equals(listType)) {
            throw ListParams.invalid("list-type", listType, "Invalid List Type specified in Request");
        }
        String prefix = ListObjectsHandler.nz(ctx.param("prefix"));
        String delimiter = ListObjectsHandler.emptyToNull(ctx.param("delimiter"));
        int maxKeys = ListParams.pageSize(ctx, "max-keys");
        KeyEncoding enc = KeyEncoding.of(ctx);
        String startAfter = ctx.param("start-after");
        String token = ctx.param("continuation-token");
        boolean fetchOwner = "true".equalsIgnoreCase(ctx.param("fetch-owner"));

        String from = startAfter == null ? "" : startAfter;
        if (token != null) {
            if (token.isEmpty()) {
                throw new S3Exception(S3Error.INVALID_ARGUMENT, "The continuation token provided is incorrect")
                        .with("ArgumentName", "continuation-token").with("ArgumentValue", token);
            }
            String resume = ContinuationToken.decode(token);
            // A token from a page listed after start-after always points past it; never go backwards.
            if (Utf8Order.compare(resume, from) > 0) from = resume;
        }

        ListPage page = ListingPager.fetch(ctx.store(), ctx.bucket(), prefix, delimiter, from, maxKeys);
        return S3Response.xml(200,
                render(ctx, page, prefix, delimiter, maxKeys, enc, startAfter, token, fetchOwner));
    }

    static byte[] render(RequestContext ctx, ListPage page, String prefix, String delimiter, int maxKeys,
                         KeyEncoding enc, String startAfter, String token, boolean fetchOwner) {
        int keyCount = page.objects().size() + page.commonPrefixes().size();
        XmlWriter xml = new XmlWriter().root("ListBucketResult")
                .element("Name", ctx.bucket())
                .element("Prefix", enc.apply(prefix))
                .element("Delimiter", enc.apply(delimiter))
                .element("MaxKeys", maxKeys)
                .element("KeyCount", keyCount)
                .element("IsTruncated", page.truncated())
                .element("EncodingType", enc.elementValue())
                .element("ContinuationToken", token);
        if (page.truncated() && page.lastEntry() != null) {
            xml.element("NextContinuationToken", ContinuationToken.encode(page.lastEntry()));
        }
        xml.element("StartAfter", enc.apply(startAfter));
        for (ObjectInfo o : page.objects()) EntryXml.contents(xml, o, enc, fetchOwner, ctx.settings());
        EntryXml.commonPrefixes(xml, page.commonPrefixes(), enc);
        return xml.toBytes();
    }
}
