package io.granary.s3.handler.object;

import io.granary.s3.handler.Handler;
import io.granary.s3.handler.Operation;

import java.util.Map;

/** Registers the handlers of: PUT_OBJECT, GET_OBJECT, HEAD_OBJECT, DELETE_OBJECT, COPY_OBJECT. */
public final class ObjectHandlers {
    private ObjectHandlers() {}

    public static void register(Map<Operation, Handler> table) {
        table.put(Operation.PUT_OBJECT, new PutObjectHandler());
        table.put(Operation.GET_OBJECT, new GetObjectHandler(false));
        table.put(Operation.HEAD_OBJECT, new GetObjectHandler(true));
        table.put(Operation.DELETE_OBJECT, new DeleteObjectHandler());
        table.put(Operation.COPY_OBJECT, new CopyObjectHandler());
    }
}
