package io.granary.s3.internal;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.Target;
import io.granary.s3.http.S3Request;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Where a request is addressed: service, bucket or object, from the Host (virtual-host style, when the Host ends in
 * one of the configured domains) or else from the path (path style). The key is the percent-decoded rest of the path,
 * kept exactly: {@code /b//x} addresses key {@code /x}, and {@code /b/a/../c} key {@code a/../c}.
 */
public record RequestTarget(Target kind, String bucket, String key) {
    public static final int MAX_KEY_BYTES = 1024;

    public static RequestTarget parse(S3Request request, List<String> domains) {
        String path = request.rawPath();
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            throw new S3Exception(S3Error.INVALID_URI);
        }
        String hostBucket = bucketFromHost(request.host(), domains);
        String bucket;
        String rawKey;
        if (hostBucket != null) {
            bucket = hostBucket;
            rawKey = path.substring(1);
        } else {
            int slash = path.indexOf('/', 1);
            String rawBucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
            bucket = decodeStrictly(rawBucket);
            rawKey = slash < 0 ? "" : path.substring(slash + 1);
        }
        if (bucket.isEmpty()) {
            return new RequestTarget(Target.SERVICE, null, null);
        }
        if (rawKey.isEmpty()) {
            return new RequestTarget(Target.BUCKET, bucket, null);
        }
        String key = decodeStrictly(rawKey);
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new S3Exception(S3Error.KEY_TOO_LONG).with("Size",
                    Integer.toString(key.getBytes(StandardCharsets.UTF_8).length)).with("MaxSizeAllowed", "1024");
        }
        return new RequestTarget(Target.OBJECT, bucket, key);
    }

    /**
     * Percent-decodes a path element as UTF-8, refusing what has no single meaning: a '%' not followed by two hex
     * digits, or bytes that are not valid UTF-8 (which a lenient decoder would turn into U+FFFD, so that different
     * URIs would name one object). Both are InvalidURI.
     */
    static String decodeStrictly(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new S3Exception(S3Error.INVALID_URI);
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = raw.substring(i, Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1)
                        .getBytes(StandardCharsets.UTF_8);
                if (b.length > 1 && Character.isHighSurrogate(c)) i++;
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new S3Exception(S3Error.INVALID_URI, "The key is not valid UTF-8.");
        }
    }

    private static String bucketFromHost(String host, List<String> domains) {
        if (host == null || domains.isEmpty()) return null;
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(']') < colon) h = h.substring(0, colon);
        for (String domain : domains) {
            String d = domain.toLowerCase(Locale.ROOT);
            if (h.length() > d.length() + 1 && h.endsWith("." + d)) {
                return h.substring(0, h.length() - d.length() - 1);
            }
        }
        return null;
    }
}
