package io.granary.s3.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.http.ResponseBody;
import io.granary.s3.http.S3Request;
import io.granary.s3.http.S3Response;
import io.granary.s3.xml.XmlWriter;

import java.util.Map;

/** Renders an {@link S3Exception} as S3's {@code <Error>} document (no body for HEAD). */
public final class ErrorResponses {
    private ErrorResponses() {}

    public static S3Response render(S3Exception e, S3Request request, RequestTarget target) {
        S3Response response = new S3Response(e.error().httpStatus());
        e.headers().forEach(response::header);
        byte[] xml = document(e, request.rawPath(), request.requestId(), target);
        if ("HEAD".equals(request.method())) {
            return response;
        }
        response.header("Content-Type", "application/xml");
        return response.body(new ResponseBody.Bytes(xml));
    }

    /** S3 names the bucket in the error document only for errors about the bucket itself. */
    private static boolean namesBucket(S3Error error) {
        return switch (error) {
            case NO_SUCH_BUCKET, BUCKET_ALREADY_OWNED_BY_YOU, BUCKET_NOT_EMPTY, INVALID_BUCKET_NAME -> true;
            default -> false;
        };
    }

    /** The error document; also used by the server for failures before a request reaches the S3 layer. */
    public static byte[] document(S3Exception e, String resource, String requestId, RequestTarget target) {
        XmlWriter xml = new XmlWriter().rootNoNamespace("Error")
                .element("Code", e.error().code())
                .element("Message", e.getMessage() == null ? e.error().defaultMessage() : e.getMessage());
        if (target != null && target.bucket() != null && namesBucket(e.error())
                && !e.elements().containsKey("BucketName")) {
            xml.element("BucketName", target.bucket());
        }
        if (target != null && target.key() != null && e.error() == S3Error.NO_SUCH_KEY
                && !e.elements().containsKey("Key")) {
            xml.element("Key", target.key());
        }
        for (Map.Entry<String, String> el : e.elements().entrySet()) {
            xml.element(el.getKey(), el.getValue());
        }
        return xml.element("Resource", resource)
                .element("RequestId", requestId)
                .element("HostId", HostIds.forRequest(requestId))
                .toBytes();
    }
}
