package io.granary.s3.handler.tagging;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.support.XmlBodies;
import io.granary.s3.http.S3Response;

import java.util.Map;

/**
 * GetObjectTagging, PutObjectTagging and DeleteObjectTagging. Tags live in the object's metadata and change in
 * place: the object's bytes, ETag and Last-Modified stay as they are, as in S3.
 */
public final class TaggingHandlers {
    private TaggingHandlers() {}

    public static void register(Map<Operation, Handler> table) {
        table.put(Operation.GET_OBJECT_TAGGING, ctx -> {
            TagSet.checkVersion(ctx.param("versionId"));
            Map<String, String> tags = ctx.store().headObject(ctx.bucket(), ctx.key()).metadata().tags();
            return S3Response.xml(200, TagSet.render(tags));
        });
        table.put(Operation.PUT_OBJECT_TAGGING, ctx -> {
            TagSet.checkVersion(ctx.param("versionId"));
            Map<String, String> tags = TagSet.parse(XmlBodies.read(ctx, TagSet.MAX_BODY_BYTES));
            ctx.store().updateMetadata(ctx.bucket(), ctx.key(), m -> m.withTags(tags));
            return S3Response.ok();
        });
        table.put(Operation.DELETE_OBJECT_TAGGING, ctx -> {
            TagSet.checkVersion(ctx.param("versionId"));
            ctx.store().updateMetadata(ctx.bucket(), ctx.key(), m -> m.withTags(Map.of()));
            return S3Response.noContent();
        });
    }
}
