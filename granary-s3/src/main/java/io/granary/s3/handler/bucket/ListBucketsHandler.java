package io.granary.s3.handler.bucket;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.RequestContext;
import io.granary.s3.handler.support.ListParams;
import io.granary.s3.handler.support.OwnerXml;
import io.granary.s3.handler.support.Utf8Order;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;
import io.granary.storage.BucketInfo;

import java.util.List;

/**
 * ListBuckets ({@code GET /}): {@code <ListAllMyBucketsResult>} with the server owner and every bucket's Name,
 * CreationDate and BucketRegion, sorted by name.
 *
 * <p>The paginated form is supported: {@code prefix} keeps only names starting with it, {@code bucket-region} only
 * buckets in that region, {@code max-buckets} (1..10000, else InvalidArgument) limits the page, and when more remain
 * an opaque {@code <ContinuationToken>} is returned that a later {@code continuation-token} resumes after (an invalid
 * one is InvalidArgument). {@code <Prefix>} is echoed when given. Without max-buckets every bucket is listed.
 */
final class ListBucketsHandler implements Handler {
    static final int MAX_BUCKETS = 10_000;

    @Override
    public S3Response handle(RequestContext ctx) {
        String prefix = ctx.param("prefix");
        String regionFilter = ctx.param("bucket-region");
        String tokenParam = ctx.param("continuation-token");
        String after = tokenParam == null ? null : ContinuationToken.decode(tokenParam);
        int max = Integer.MAX_VALUE;
        String maxRaw = ctx.param("max-buckets");
        if (maxRaw != null) {
            int v;
            try {
                v = Integer.parseInt(maxRaw.trim());
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 1 || v > MAX_BUCKETS) {
                throw ListParams.invalid("max-buckets", maxRaw, "Argument max-buckets must be an integer between 1 and 10000");
            }
            max = v;
        }

        XmlWriter xml = new XmlWriter().root("ListAllMyBucketsResult");
        OwnerXml.write(xml, "Owner", ctx.settings());
        xml.start("Buckets");
        List<BucketInfo> all = ctx.store().listBuckets();
        int count = 0;
        String last = null;
        boolean more = false;
        for (BucketInfo b : all) {
            if (prefix != null && !b.name().startsWith(prefix)) continue;
            if (after != null && Utf8Order.compare(b.name(), after) <= 0) continue;
            String region = b.region() == null || b.region().isEmpty() ? ctx.settings().region() : b.region();
            if (regionFilter != null && !regionFilter.equals(region)) continue;
            if (count == max) {
                more = true;
                break;
            }
            xml.start("Bucket")
                    .element("Name", b.name())
                    .element("CreationDate", b.created())
                    .element("BucketRegion", region)
                    .end();
            count++;
            last = b.name();
        }
        xml.end();
        if (more) xml.element("ContinuationToken", ContinuationToken.encode(last));
        xml.element("Prefix", prefix);
        return S3Response.xml(200, xml.toBytes());
    }
}
