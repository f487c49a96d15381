package io.granary.s3.handler.bucket;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.Operation;

import java.util.Map;

/** Registers the handlers of: LIST_BUCKETS, CREATE_BUCKET, HEAD_BUCKET, DELETE_BUCKET, GET_BUCKET_LOCATION, GET_BUCKET_VERSIONING, LIST_OBJECTS, LIST_OBJECTS_V2, LIST_OBJECT_VERSIONS, DELETE_OBJECTS. */
public final class BucketHandlers {
    private BucketHandlers() {}

    public static void register(Map<Operation, Handler> table) {
        table.put(Operation.LIST_BUCKETS, new ListBucketsHandler());
        table.put(Operation.CREATE_BUCKET, new CreateBucketHandler());
        table.put(Operation.HEAD_BUCKET, new HeadBucketHandler());
        table.put(Operation.DELETE_BUCKET, new DeleteBucketHandler());
        table.put(Operation.GET_BUCKET_LOCATION, new GetBucketLocationHandler());
        table.put(Operation.GET_BUCKET_VERSIONING, new GetBucketVersioningHandler());
        table.put(Operation.LIST_OBJECTS, new ListObjectsHandler());
        table.put(Operation.LIST_OBJECTS_V2, new ListObjectsV2Handler());
        table.put(Operation.LIST_OBJECT_VERSIONS, new ListObjectVersionsHandler());
        table.put(Operation.DELETE_OBJECTS, new DeleteObjectsHandler());
    }
}
