package io.granary.s3.auth.internal;

import io.granary.s3.http.QueryString;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The primitives of the legacy AWS Signature Version 2 for S3 ("Signing and Authenticating REST Requests"): the
 * StringToSign, its CanonicalizedAmzHeaders and CanonicalizedResource elements, and the base64 HMAC-SHA1 signature.
 * Stateless and thread-safe.
 *
 * <pre>
 * StringToSign = HTTP-Verb "\n" Content-MD5 "\n" Content-Type "\n" Date "\n" CanonicalizedAmzHeaders CanonicalizedResource
 * </pre>
 */
public final class SigV2 {
    private SigV2() {}

    /**
     * The query parameters that belong to the CanonicalizedResource. It is the list of the AWS documentation plus the
     * sub-resources S3 added later that V2 clients (botocore, MinIO) sign, plus every other parameter that selects an
     * S3 operation: a parameter that selects an operation but is not signed would let a signature for one operation
     * be replayed as another, so this list errs on the side of including them.
     */
    public static final Set<String> SUB_RESOURCES = Set.of(
            // The AWS documentation's list.
            "acl", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
            "requestPayment", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions",
            "website",
            "response-cache-control", "response-content-disposition", "response-content-encoding",
            "response-content-language", "response-content-type", "response-expires",
            // Added by S3 after the documentation was written; signed by botocore and/or MinIO.
            "accelerate", "analytics", "cors", "encryption", "inventory", "legal-hold", "metrics", "object-lock",
            "replication", "restore", "retention", "select", "select-type", "storageClass", "defaultObjectAcl",
            // Other operation selectors (newer APIs no V2 client knows; signing them is what keeps them safe).
            "attributes", "intelligent-tiering", "metadataTable", "ownershipControls", "policyStatus",
            "publicAccessBlock", "renameObject", "session");

    /** The StringToSign from its elements; null elements count as empty. */
    public static String stringToSign(String method, String contentMd5, String contentType, String date,
                                      String canonicalAmzHeaders, String canonicalResource) {
        return method + "\n" + nz(contentMd5) + "\n" + nz(contentType) + "\n" + nz(date) + "\n"
                + nz(canonicalAmzHeaders) + nz(canonicalResource);
    }

    /**
     * CanonicalizedAmzHeaders: every header whose (lower-cased) name starts with {@code x-amz-}, sorted by name, the
     * values of a repeated header joined by ',' in arrival order, each value unfolded and trimmed, each header as
     * {@code name:value\n}. {@code headers} are name/value pairs in arrival order; other names are ignored.
     */
    public static String canonicalAmzHeaders(List<Map.Entry<String, String>> headers) {
        TreeMap<String, StringBuilder> amz = new TreeMap<>();
        for (Map.Entry<String, String> e : headers) {
            String name = e.getKey().strip().toLowerCase(Locale.ROOT);
            if (!name.startsWith("x-amz-")) continue;
            String value = unfold(e.getValue());
            StringBuilder sb = amz.get(name);
            if (sb == null) amz.put(name, new StringBuilder(value));
            else sb.append(',').append(value);
        }
        StringBuilder out = new StringBuilder(64 * amz.size());
        amz.forEach((name, value) -> out.append(name).append(':').append(value).append('\n'));
        return out.toString();
    }

    /**
     * CanonicalizedResource: {@code bucketPrefix} ("/" + bucket for a virtual-host style request, else "" or null),
     * then {@code path} (the path as the client sent it, still percent-encoded; "/" when empty), then the
     * {@link #SUB_RESOURCES sub-resources} of {@code rawQuery}, sorted by name, with their decoded values:
     * {@code ?acl}, {@code ?partNumber=1&uploadId=abc}.
     *
     * @param plusAsSpace whether '+' in a value decodes to a space (form encoding) or stays '+' (RFC 3986, what
     *                    botocore signs)
     * @param bareEmpty   whether a sub-resource sent as {@code name=} (empty value) is signed as {@code name}
     *                    rather than as sent
     */
    public static String canonicalResource(String bucketPrefix, String path, String rawQuery, boolean plusAsSpace,
                                           boolean bareEmpty) {
        StringBuilder sb = new StringBuilder(64);
        if (bucketPrefix != null) sb.append(bucketPrefix);
        sb.append(path == null || path.isEmpty() ? "/" : path);
        List<String[]> subs = subResources(rawQuery, plusAsSpace);
        if (!subs.isEmpty()) {
            subs.sort((a, b) -> a[0].compareTo(b[0]));
            char sep = '?';
            for (String[] p : subs) {
                sb.append(sep).append(p[0]);
                if (p[1] != null && !(bareEmpty && p[1].isEmpty())) sb.append('=').append(p[1]);
                sep = '&';
            }
        }
        return sb.toString();
    }

    /** Sub-resources of {@code rawQuery} as {name, decoded value or null when sent without '='}, in query order. */
    static List<String[]> subResources(String rawQuery, boolean plusAsSpace) {
        List<String[]> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = QueryString.percentDecode(eq < 0 ? pair : pair.substring(0, eq), false);
            if (!SUB_RESOURCES.contains(name)) continue;
            String value = eq < 0 ? null : QueryString.percentDecode(pair.substring(eq + 1), plusAsSpace);
            out.add(new String[] {name, value});
        }
        return out;
    }

    /** Whether any sub-resource value of {@code rawQuery} contains '+' (so its decoding is ambiguous). */
    public static boolean subResourceHasPlus(String rawQuery) {
        for (String[] p : subResources(rawQuery, false)) {
            if (p[1] != null && p[1].indexOf('+') >= 0) return true;
        }
        return false;
    }

    /** Whether any sub-resource of {@code rawQuery} was sent as {@code name=} with an empty value. */
    public static boolean subResourceHasEmptyValue(String rawQuery) {
        for (String[] p : subResources(rawQuery, false)) {
            if (p[1] != null && p[1].isEmpty()) return true;
        }
        return false;
    }

    /** base64(HMAC-SHA1(secret, stringToSign)). */
    public static String signature(String secretKey, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA1", e);
        }
    }

    /** Constant-time comparison of a computed base64 signature with the one a client sent. */
    public static boolean signaturesEqual(String computed, String provided) {
        if (provided == null) return false;
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8),
                provided.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a V2 request time: an RFC 1123 date ({@code Tue, 27 Mar 2007 19:36:42 +0000}, also with GMT), as the
     * Date and x-amz-date headers carry it, or the ISO 8601 basic form {@code 20070327T193642Z} some clients put in
     * x-amz-date.
     *
     * @throws DateTimeParseException when it is neither
     */
    public static Instant parseDate(String value) {
        String v = value.strip();
        if (v.length() == 16 && v.charAt(8) == 'T' && v.charAt(15) == 'Z') return SigV4.parseAmzDate(v);
        return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    /** The bytes of {@code s} as space-separated two-digit hex, as S3's StringToSignBytes error element has them. */
    public static String hexBytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(Character.forDigit((b[i] >>> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return sb.toString();
    }

    /** Replaces folding line breaks (and the whitespace around them) with one space and trims. */
    private static String unfold(String value) {
        if (value == null) return "";
        String v = value.strip();
        if (v.indexOf('\n') < 0 && v.indexOf('\r') < 0) return v;
        return v.replaceAll("[ \\t]*\\r?\\n[ \\t]*", " ").replace('\r', ' ');
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
