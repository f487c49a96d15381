package io.granary.s3.auth;

import io.granary.s3.http.Headers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A client-side SigV2 signer for tests, written from the AWS documentation independently of the server code, the
 * way a V2 client works: it signs the path it sends and the sub-resources of the documented list.
 */
final class SigV2Signer {
    /** The sub-resources the AWS SigV2 documentation lists. */
    static final Set<String> DOC_SUB_RESOURCES = Set.of("acl", "delete", "lifecycle", "location", "logging",
            "notification", "partNumber", "policy", "requestPayment", "tagging", "torrent", "uploadId", "uploads",
            "versionId", "versioning", "versions", "website", "response-cache-control",
            "response-content-disposition", "response-content-encoding", "response-content-language",
            "response-content-type", "response-expires");

    /** A query parameter; {@code value} null for a bare {@code ?name}. */
    record Param(String name, String value) {
        static Param of(String name, String value) {
            return new Param(name, value);
        }

        static Param bare(String name) {
            return new Param(name, null);
        }
    }

    private final String accessKey;
    private final String secretKey;

    SigV2Signer(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * The StringToSign. {@code resourcePath} is the path as sent (encoded), already prefixed with "/bucket" for a
     * virtual-host request; {@code date} is the Date line (the Date header, "" when x-amz-date is used, or Expires).
     */
    static String stringToSign(String method, String resourcePath, List<Param> params, Headers headers, String date) {
        TreeMap<String, List<String>> amz = new TreeMap<>();
        for (Map.Entry<String, String> e : headers.entries()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-amz-")) amz.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getValue().trim());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(method).append('\n');
        sb.append(orEmpty(headers.get("content-md5"))).append('\n');
        sb.append(orEmpty(headers.get("content-type"))).append('\n');
        sb.append(date).append('\n');
        amz.forEach((k, v) -> sb.append(k).append(':').append(String.join(",", v)).append('\n'));
        sb.append(resourcePath);
        List<Param> subs = new ArrayList<>();
        for (Param p : params) if (DOC_SUB_RESOURCES.contains(p.name())) subs.add(p);
        subs.sort((a, b) -> a.name().compareTo(b.name()));
        for (int i = 0; i < subs.size(); i++) {
            sb.append(i == 0 ? '?' : '&').append(subs.get(i).name());
            if (subs.get(i).value() != null) sb.append('=').append(subs.get(i).value());
        }
        return sb.toString();
    }

    String signature(String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Authorization header value; the Date line is the Date header, or empty when x-amz-date is present. */
    String authorization(String method, String resourcePath, List<Param> params, Headers headers) {
        String date = headers.contains("x-amz-date") ? "" : orEmpty(headers.get("date"));
        return "AWS " + accessKey + ":" + signature(stringToSign(method, resourcePath, params, headers, date));
    }

    /** The raw query of a presigned URL: {@code params} (encoded) then AWSAccessKeyId, Expires and Signature. */
    String presignedQuery(String method, String resourcePath, List<Param> params, Headers headers, long expires) {
        String sig = signature(stringToSign(method, resourcePath, params, headers, Long.toString(expires)));
        StringBuilder q = new StringBuilder();
        for (Param p : params) {
            q.append(encode(p.name()));
            if (p.value() != null) q.append('=').append(encode(p.value()));
            q.append('&');
        }
        q.append("AWSAccessKeyId=").append(encode(accessKey)).append("&Expires=").append(expires)
                .append("&Signature=").append(encode(sig));
        return q.toString();
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append(String.format("%%%02X", c));
            }
        }
        return sb.toString();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.trim();
    }
}
