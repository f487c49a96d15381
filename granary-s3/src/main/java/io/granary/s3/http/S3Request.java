package io.granary.s3.http;

import java.io.InputStream;
import java.time.Instant;

/**
 * One HTTP request as the S3 layer sees it, independent of the HTTP server that received it.
 *
 * @param method        upper-case HTTP method
 * @param rawPath       the path exactly as received, still percent-encoded (SigV4 needs it)
 * @param rawQuery      the query exactly as received without '?', or "" (SigV4 needs it)
 * @param headers       request headers
 * @param body          the body as a blocking stream (empty stream when there is none). Reading it may block the
 *                      calling (virtual) thread; the server sends {@code 100 Continue} on first read.
 * @param contentLength Content-Length, or -1 when absent (chunked transfer)
 * @param host          the Host header's value (used for virtual-host style buckets)
 * @param requestId     the id this request's response carries in x-amz-request-id
 * @param received      when the request line arrived
 */
public record S3Request(String method, String rawPath, String rawQuery, Headers headers, InputStream body,
                        long contentLength, String host, String requestId, Instant received) {}
