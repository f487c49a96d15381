package io.granary.s3.handler.object;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Handler;
import io.granary.s3.handler.Operation;
import io.granary.s3.handler.support.TestRequests;
import io.granary.s3.http.S3Response;
import io.granary.storage.ObjectStore;
import io.granary.storage.StorageError;
import io.granary.storage.StorageException;
import io.granary.storage.local.LocalObjectStore;
import io.granary.storage.local.LocalStoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The object handlers against the real {@link LocalObjectStore}. */
class LocalStoreObjectHandlersTest {
    @TempDir
    Path dir;
    ObjectStore store;
    final Map<Operation, Handler> handlers = new EnumMap<>(Operation.class);

    @BeforeEach
    void setUp() {
        store = LocalObjectStore.open(new LocalStoreConfig(dir, false));
        store.createBucket("b", "");
        ObjectHandlers.register(handlers);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
    }

    S3Response run(Operation op, TestRequests r) throws Exception {
        return handlers.get(op).handle(r.store(store).build());
    }

    @Test
    void roundTrip() throws Exception {
        byte[] data = new byte[1_000_003];
        new Random(3).nextBytes(data);
        S3Response put = run(Operation.PUT_OBJECT, TestRequests.request("PUT", "b", "dir/ключ + x").body(data)
                .header("x-amz-meta-A", "1").header("x-amz-sdk-checksum-algorithm", "CRC64NVME"));
        String etag = put.headers().get("ETag");
        assertThat(put.headers().get("x-amz-checksum-crc64nvme")).isNotNull();

        S3Response get = run(Operation.GET_OBJECT, TestRequests.request("GET", "b", "dir/ключ + x")
                .header("x-amz-checksum-mode", "ENABLED"));
        assertThat(get.headers().get("ETag")).isEqualTo(etag);
        assertThat(get.headers().get("x-amz-meta-a")).isEqualTo("1");
        assertThat(get.headers().get("x-amz-checksum-crc64nvme")).isEqualTo(put.headers().get("x-amz-checksum-crc64nvme"));
        assertThat(ObjectHandlersTest.body(get)).isEqualTo(data);

        S3Response range = run(Operation.GET_OBJECT, TestRequests.request("GET", "b", "dir/ключ + x")
                .header("Range", "bytes=999990-"));
        assertThat(range.headers().get("Content-Range")).isEqualTo("bytes 999990-1000002/1000003");
        assertThat(ObjectHandlersTest.body(range)).isEqualTo(java.util.Arrays.copyOfRange(data, 999_990, data.length));

        S3Response copy = run(Operation.COPY_OBJECT, TestRequests.request("PUT", "b", "copy")
                .header("x-amz-copy-source", "b/dir/%D0%BA%D0%BB%D1%8E%D1%87%20%2B%20x"));
        assertThat(new String(((io.granary.s3.http.ResponseBody.Bytes) copy.body()).bytes())).contains(etag.replace("\"", "&quot;"));
        assertThat(ObjectHandlersTest.body(run(Operation.GET_OBJECT, TestRequests.request("GET", "b", "copy")))).isEqualTo(data);

        assertThat(run(Operation.DELETE_OBJECT, TestRequests.request("DELETE", "b", "copy")).status()).isEqualTo(204);
        assertThat(run(Operation.DELETE_OBJECT, TestRequests.request("DELETE", "b", "copy")).status()).isEqualTo(204);
        assertThatThrownBy(() -> run(Operation.HEAD_OBJECT, TestRequests.request("HEAD", "b", "copy")))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.NO_SUCH_KEY));
    }

    @Test
    void failedPutLeavesPreviousVersion() throws Exception {
        run(Operation.PUT_OBJECT, TestRequests.request("PUT", "b", "k").body("old"));
        assertThatThrownBy(() -> run(Operation.PUT_OBJECT, TestRequests.request("PUT", "b", "k").body("new")
                .header("x-amz-checksum-crc32", "AAAAAA==")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.BAD_DIGEST));
        assertThat(ObjectHandlersTest.body(run(Operation.GET_OBJECT, TestRequests.request("GET", "b", "k"))))
                .isEqualTo("old".getBytes());
        assertThatThrownBy(() -> run(Operation.PUT_OBJECT, TestRequests.request("PUT", "b", "k").body("x")
                .header("If-None-Match", "*")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.PRECONDITION_FAILED));
    }

    @Test
    void emptyObjects() throws Exception {
        S3Response put = run(Operation.PUT_OBJECT, TestRequests.request("PUT", "b", "empty").body(new byte[0]));
        assertThat(put.headers().get("ETag")).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
        run(Operation.COPY_OBJECT, TestRequests.request("PUT", "b", "empty2").header("x-amz-copy-source", "/b/empty"));
        S3Response get = run(Operation.GET_OBJECT, TestRequests.request("GET", "b", "empty2"));
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers().get("Content-Length")).isEqualTo("0");
        assertThat(ObjectHandlersTest.body(get)).isEmpty();
        assertThat(run(Operation.GET_OBJECT, TestRequests.request("GET", "b", "empty2").header("Range", "bytes=-5"))
                .status()).isEqualTo(200);
        assertThatThrownBy(() -> run(Operation.GET_OBJECT, TestRequests.request("GET", "b", "empty2")
                .header("Range", "bytes=0-0")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_RANGE));
        S3Response part = run(Operation.HEAD_OBJECT, TestRequests.request("HEAD", "b", "empty2").query("partNumber=1"));
        assertThat(part.status()).isEqualTo(200);
        assertThat(part.headers().get("Content-Range")).isNull();
    }
}
