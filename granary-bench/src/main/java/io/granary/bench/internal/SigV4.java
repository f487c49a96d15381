package io.granary.bench.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * AWS Signature Version 4 for S3, header and query-string (presigned) forms. One instance per thread: it keeps a
 * {@link MessageDigest}, a {@link Mac} keyed with the day's signing key, and reusable byte buffers, so signing a
 * request costs two small hashes and no key derivation.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final String service;
    private final MessageDigest sha256;
    private final Mac mac;
    private final AsciiSink canonical = new AsciiSink(512);
    private final AsciiSink toSign = new AsciiSink(256);
    private final AsciiSink out = new AsciiSink(64);
    private String keyDay;
    private String scope;

    public SigV4(String accessKey, String secretKey, String region, String service) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        this.service = service;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.mac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String accessKey() {
        return accessKey;
    }

    /** yyyyMMdd'T'HHmmss'Z' for the instant. */
    public static String amzDate(Instant t) {
        return AMZ_DATE.format(t);
    }

    /** The signing key for the day (yyyyMMdd): HMAC chain over date, region, service, "aws4_request". */
    public static byte[] signingKey(String secretKey, String day, String region, String service) {
        byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void useDay(String amzDateOrDay) {
        if (keyDay != null && amzDateOrDay.regionMatches(0, keyDay, 0, 8)) return;
        String day = amzDateOrDay.substring(0, 8);
        try {
            mac.init(new SecretKeySpec(signingKey(secretKey, day, region, service), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        keyDay = day;
        scope = day + "/" + region + "/" + service + "/aws4_request";
    }

    /** The credential scope of the last signature (day/region/service/aws4_request). */
    public String scope() {
        return scope;
    }

    /**
     * The hex signature of a request. {@code headerNames} are lowercase and sorted, {@code headerValues} trimmed;
     * {@code canonicalUri} is already URI-encoded (S3: each path segment once); {@code canonicalQuery} is the sorted,
     * encoded query string ("" if none).
     */
    public String signature(String method, CharSequence canonicalUri, CharSequence canonicalQuery,
                            String[] headerNames, String[] headerValues, int headerCount,
                            String payloadHash, String amzDate) {
        signatureInto(method, canonicalUri, canonicalQuery, headerNames, headerValues, headerCount, payloadHash,
                amzDate);
        return out.asString();
    }

    /** Like {@link #signature} but leaves the hex in {@link #lastSignature()} without creating a String. */
    public AsciiSink signatureInto(String method, CharSequence canonicalUri, CharSequence canonicalQuery,
                                   String[] headerNames, String[] headerValues, int headerCount,
                                   String payloadHash, String amzDate) {
        useDay(amzDate);
        AsciiSink c = canonical.reset();
        c.append(method).append('\n').append(canonicalUri).append('\n').append(canonicalQuery).append('\n');
        for (int i = 0; i < headerCount; i++) {
            c.append(headerNames[i]).append(':').append(headerValues[i]).append('\n');
        }
        c.append('\n');
        appendSignedHeaders(c, headerNames, headerCount);
        c.append('\n').append(payloadHash);
        sha256.update(c.buf, 0, c.len);
        byte[] crHash = sha256.digest();
        AsciiSink s = toSign.reset();
        s.append(ALGORITHM).append('\n').append(amzDate).append('\n').append(scope).append('\n').appendHex(crHash);
        mac.update(s.buf, 0, s.len);
        return out.reset().appendHex(mac.doFinal());
    }

    public AsciiSink lastSignature() {
        return out;
    }

    public static void appendSignedHeaders(AsciiSink c, String[] headerNames, int headerCount) {
        for (int i = 0; i < headerCount; i++) {
            if (i > 0) c.append(';');
            c.append(headerNames[i]);
        }
    }

    /**
     * A presigned GET (or other method) URL: {@code baseUrl} is scheme://host[:port], {@code canonicalUri} the
     * encoded path, {@code host} the Host header value as the client will send it.
     */
    public String presign(String method, String baseUrl, String host, String canonicalUri, Instant now,
                          long expiresSeconds) {
        String amzDate = amzDate(now);
        useDay(amzDate);
        String query = "X-Amz-Algorithm=" + ALGORITHM
                + "&X-Amz-Credential=" + uriEncode(accessKey + "/" + scope, true)
                + "&X-Amz-Date=" + amzDate
                + "&X-Amz-Expires=" + expiresSeconds
                + "&X-Amz-SignedHeaders=host";
        String sig = signature(method, canonicalUri, query, new String[] {"host"}, new String[] {host}, 1,
                UNSIGNED_PAYLOAD, amzDate);
        return baseUrl + canonicalUri + "?" + query + "&X-Amz-Signature=" + sig;
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, '/' kept unless {@code encodeSlash}. */
    public static String uriEncode(String s, boolean encodeSlash) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length + 16);
        HexFormat hex = HexFormat.of().withUpperCase();
        for (byte x : b) {
            char c = (char) (x & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || (c == '/' && !encodeSlash)) {
                sb.append(c);
            } else {
                sb.append('%').append(hex.toHexDigits(x));
            }
        }
        return sb.toString();
    }

    /** Lowercase hex SHA-256 of the bytes. */
    public static String sha256Hex(byte[] data, int off, int len) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(data, off, len);
            return HexFormat.of().formatHex(d.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
