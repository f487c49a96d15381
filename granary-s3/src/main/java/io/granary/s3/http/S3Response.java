package io.granary.s3.http;

/**
 * A response ready to send. The server adds x-amz-request-id, x-amz-id-2, Date, Server and Content-Length
 * (from the body unless the handler set it, as HEAD does).
 */
public final class S3Response {
    private final int status;
    private final Headers headers = new Headers();
    private ResponseBody body = ResponseBody.EMPTY;

    public S3Response(int status) {
        this.status = status;
    }

    public static S3Response ok() {
        return new S3Response(200);
    }

    public static S3Response noContent() {
        return new S3Response(204);
    }

    public static S3Response xml(int status, byte[] xml) {
        S3Response r = new S3Response(status);
        r.header("Content-Type", "application/xml");
        r.body(new ResponseBody.Bytes(xml));
        return r;
    }

    public int status() {
        return status;
    }

    public Headers headers() {
        return headers;
    }

    public S3Response header(String name, String value) {
        if (value != null) headers.set(name, value);
        return this;
    }

    public ResponseBody body() {
        return body;
    }

    public S3Response body(ResponseBody newBody) {
        this.body = newBody;
        return this;
    }
}
