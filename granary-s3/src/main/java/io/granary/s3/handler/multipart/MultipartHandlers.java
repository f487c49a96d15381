package io.granary.s3.handler.multipart;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.Operation;

import java.util.Map;

/** Registers the handlers of: CREATE_MULTIPART_UPLOAD, UPLOAD_PART, UPLOAD_PART_COPY, COMPLETE_MULTIPART_UPLOAD, ABORT_MULTIPART_UPLOAD, LIST_PARTS, LIST_MULTIPART_UPLOADS. */
public final class MultipartHandlers {
    private MultipartHandlers() {}

    public static void register(Map<Operation, Handler> table) {
        table.put(Operation.CREATE_MULTIPART_UPLOAD, new CreateMultipartUploadHandler());
        table.put(Operation.UPLOAD_PART, new UploadPartHandler());
        table.put(Operation.UPLOAD_PART_COPY, new UploadPartCopyHandler());
        table.put(Operation.COMPLETE_MULTIPART_UPLOAD, new CompleteMultipartUploadHandler());
        table.put(Operation.ABORT_MULTIPART_UPLOAD, new AbortMultipartUploadHandler());
        table.put(Operation.LIST_PARTS, new ListPartsHandler());
        table.put(Operation.LIST_MULTIPART_UPLOADS, new ListMultipartUploadsHandler());
    }
}
