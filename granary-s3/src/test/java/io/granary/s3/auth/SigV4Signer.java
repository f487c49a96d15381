package io.granary.s3.auth;

import io.granary.s3.http.Headers;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client-side SigV4 signer for tests, written independently of the server code (as a client would: it encodes
 * decoded paths and parameters itself). Signs every header it is given.
 */
public final class SigV4Signer {
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final DateTimeFormatter AMZ = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String accessKey;
    private final String secretKey;
    private final String region;

    public SigV4Signer(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
    }

    /** The result of signing: what to send, and the intermediate forms for debugging. */
    public record Signed(String rawPath, String rawQuery, String authorization, String signature,
                         String canonicalRequest, String stringToSign, String amzDate, String scope) {}

    /**
     * Signs with the Authorization header. {@code path} and {@code params} are decoded; {@code headers} must contain
     * every header to sign (host, x-amz-date, x-amz-content-sha256 ...).
     */
    public Signed sign(String method, String path, List<Map.Entry<String, String>> params, Headers headers,
                       String payloadHash, Instant time) {
        String amzDate = AMZ.format(time);
        String scope = amzDate.substring(0, 8) + "/" + region + "/s3/aws4_request";
        TreeMap<String, List<String>> canon = new TreeMap<>();
        for (Map.Entry<String, String> e : headers.entries()) {
            canon.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(e.getValue().trim().replaceAll("\\s+", " "));
        }
        StringBuilder ch = new StringBuilder();
        for (Map.Entry<String, List<String>> e : canon.entrySet()) {
            ch.append(e.getKey()).append(':').append(String.join(",", e.getValue())).append('\n');
        }
        String signedHeaders = String.join(";", canon.keySet());
        String encodedPath = encode(path, false);
        String query = canonicalQuery(params);
        String canonical = method + "\n" + encodedPath + "\n" + query + "\n" + ch + "\n" + signedHeaders + "\n"
                + payloadHash;
        String sts = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
        String sig = hex(hmac(signingKey(amzDate.substring(0, 8)), sts));
        String authz = "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + sig;
        return new Signed(encodedPath, query, authz, sig, canonical, sts, amzDate, scope);
    }

    /** Presigns: returns the raw query to send (canonical parameters plus X-Amz-Signature). */
    public Signed presign(String method, String path, List<Map.Entry<String, String>> params, Headers headers,
                          Instant time, long expires, String payloadHash) {
        String amzDate = AMZ.format(time);
        String scope = amzDate.substring(0, 8) + "/" + region + "/s3/aws4_request";
        TreeMap<String, String> canon = new TreeMap<>();
        for (Map.Entry<String, String> e : headers.entries()) canon.put(e.getKey(), e.getValue().trim());
        String signedHeaders = String.join(";", canon.keySet());
        List<Map.Entry<String, String>> all = new ArrayList<>(params);
        all.add(Map.entry("X-Amz-Algorithm", "AWS4-HMAC-SHA256"));
        all.add(Map.entry("X-Amz-Credential", accessKey + "/" + scope));
        all.add(Map.entry("X-Amz-Date", amzDate));
        all.add(Map.entry("X-Amz-Expires", Long.toString(expires)));
        all.add(Map.entry("X-Amz-SignedHeaders", signedHeaders));
        String query = canonicalQuery(all);
        StringBuilder ch = new StringBuilder();
        canon.forEach((k, v) -> ch.append(k).append(':').append(v).append('\n'));
        String encodedPath = encode(path, false);
        String canonical = method + "\n" + encodedPath + "\n" + query + "\n" + ch + "\n" + signedHeaders + "\n"
                + payloadHash;
        String sts = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
        String sig = hex(hmac(signingKey(amzDate.substring(0, 8)), sts));
        return new Signed(encodedPath, query + "&X-Amz-Signature=" + sig, null, sig, canonical, sts, amzDate, scope);
    }

    /** Signature of one chunk of an aws-chunked body. */
    public String chunkSignature(String previous, String amzDate, String scope, byte[] data, int off, int len) {
        MessageDigest md = sha256Digest();
        md.update(data, off, len);
        String sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n" + EMPTY_SHA256
                + "\n" + hex(md.digest());
        return hex(hmac(signingKey(amzDate.substring(0, 8)), sts));
    }

    /** Signature of the trailing headers (already in canonical "name:value\n" form). */
    public String trailerSignature(String previous, String amzDate, String scope, String canonicalTrailers) {
        String sts = "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
                + hex(sha256(canonicalTrailers));
        return hex(hmac(signingKey(amzDate.substring(0, 8)), sts));
    }

    /**
     * Encodes {@code data} as an aws-chunked body. With {@code seed} non-null the chunks are signed (and the trailers
     * too when there are any); with null they are unsigned. {@code trailers} may be empty.
     */
    public byte[] chunkedBody(byte[] data, int chunkSize, String seed, String amzDate, String scope,
                              List<Map.Entry<String, String>> trailers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String prev = seed;
        int off = 0;
        while (true) {
            int len = Math.min(chunkSize, data.length - off);
            StringBuilder header = new StringBuilder(Integer.toHexString(len));
            if (seed != null) {
                prev = chunkSignature(prev, amzDate, scope, data, off, len);
                header.append(";chunk-signature=").append(prev);
            }
            out.writeBytes((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (len == 0) break;
            out.write(data, off, len);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            off += len;
        }
        if (!trailers.isEmpty()) {
            StringBuilder canonical = new StringBuilder();
            for (Map.Entry<String, String> t : trailers) {
                out.writeBytes((t.getKey() + ":" + t.getValue() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                canonical.append(t.getKey()).append(':').append(t.getValue()).append('\n');
            }
            if (seed != null) {
                String sig = trailerSignature(prev, amzDate, scope, canonical.toString());
                out.writeBytes(("x-amz-trailer-signature:" + sig + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static String canonicalQuery(List<Map.Entry<String, String>> params) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, String> p : params) pairs.add(encode(p.getKey(), true) + "=" + encode(p.getValue(), true));
        pairs.sort(null);
        return String.join("&", pairs);
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX of its UTF-8 bytes ('/' too when asked). */
    static String encode(String s, boolean encodeSlash) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0 || (c == '/' && !encodeSlash)) {
                sb.append(c);
            } else {
                sb.append(String.format("%%%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    private byte[] signingKey(String date) {
        byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, "s3");
        return hmac(k, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(String s) {
        return sha256Digest().digest(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] data) {
        return hex(sha256Digest().digest(data));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
