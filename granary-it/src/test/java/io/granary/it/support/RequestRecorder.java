package io.granary.it.support;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records what the SDK really put on the wire (after signing) and the status it got back, so assertion messages can
 * show the exact request. Keeps the last 50 exchanges.
 */
public final class RequestRecorder implements ExecutionInterceptor {

    /** Headers worth showing; the rest (user agent, invocation id, ...) is noise. */
    private static final Set<String> INTERESTING = Set.of("content-length", "content-type", "content-encoding",
            "content-md5", "transfer-encoding", "expect", "range", "if-match", "if-none-match", "if-modified-since",
            "if-unmodified-since", "x-amz-content-sha256", "x-amz-decoded-content-length", "x-amz-trailer",
            "x-amz-sdk-checksum-algorithm", "x-amz-checksum-mode", "x-amz-checksum-crc32", "x-amz-checksum-crc32c",
            "x-amz-checksum-sha1", "x-amz-checksum-sha256", "x-amz-checksum-crc64nvme", "x-amz-copy-source",
            "x-amz-copy-source-range", "x-amz-metadata-directive", "content-disposition", "x-amz-checksum-algorithm",
            "x-amz-checksum-type");

    public record Exchange(String method, String uri, Map<String, String> headers, int status,
                           Map<String, String> responseHeaders) {
        @Override
        public String toString() {
            return method + " " + uri + " " + headers + " -> " + (status == 0 ? "(no response)" : status + " "
                    + responseHeaders);
        }
    }

    private final Deque<Exchange> exchanges = new ArrayDeque<>();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
        add(context.httpRequest(), context.httpResponse());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
        if (context.httpRequest().isPresent() && context.httpResponse().isEmpty()) {
            add(context.httpRequest().get(), null);
        }
    }

    private synchronized void add(SdkHttpRequest request, SdkHttpResponse response) {
        Map<String, String> h = new TreeMap<>();
        request.headers().forEach((k, v) -> {
            if (INTERESTING.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                h.put(k, String.join(",", v));
            }
        });
        Map<String, String> rh = new TreeMap<>();
        if (response != null) {
            response.headers().forEach((k, v) -> {
                String lk = k.toLowerCase(java.util.Locale.ROOT);
                if (lk.startsWith("x-amz-checksum") || lk.equals("content-range") || lk.equals("content-length")
                        || lk.equals("etag") || lk.equals("content-type")) {
                    rh.put(k, String.join(",", v));
                }
            });
        }
        exchanges.addLast(new Exchange(request.method().name(), request.getUri().toString(), h,
                response == null ? 0 : response.statusCode(), rh));
        while (exchanges.size() > 50) {
            exchanges.removeFirst();
        }
    }

    public synchronized Exchange last() {
        return exchanges.peekLast();
    }

    public synchronized List<Exchange> lastN(int n) {
        List<Exchange> all = new ArrayList<>(exchanges);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** "request: PUT http://... {headers} -> 400 {...}" for the last exchange, for assertion messages. */
    public String describeLast() {
        Exchange e = last();
        return e == null ? "(no request recorded)" : "request: " + e;
    }
}
