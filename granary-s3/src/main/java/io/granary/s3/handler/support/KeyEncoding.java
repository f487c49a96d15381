package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.RequestContext;

import java.nio.charset.StandardCharsets;

/**
 * The {@code encoding-type} parameter of the list operations. With {@code url}, S3 URL-encodes the keys, prefixes,
 * delimiters and markers it returns (so that keys with characters XML 1.0 cannot carry survive) and echoes
 * {@code <EncodingType>url</EncodingType>}. Any other value is InvalidArgument.
 *
 * <p>The encoding keeps RFC 3986 unreserved characters and '/' as they are and percent-encodes every other UTF-8
 * byte (space as {@code %20}, '+' as {@code %2B}), which every SDK decodes correctly whether it treats '+' as a
 * space or not.
 */
public enum KeyEncoding {
    NONE, URL;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Reads {@code encoding-type}: absent → NONE, "url" (any case) → URL, else InvalidArgument. */
    public static KeyEncoding of(RequestContext ctx) {
        return parse(ctx.param("encoding-type"));
    }

    public static KeyEncoding parse(String value) {
        if (value == null) return NONE;
        if (value.equalsIgnoreCase("url")) return URL;
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request")
                .with("ArgumentName", "encoding-type").with("ArgumentValue", value);
    }

    /** The value for {@code <EncodingType>}, or null (element omitted). */
    public String elementValue() {
        return this == URL ? "url" : null;
    }

    /** Encodes {@code s} for the response; null stays null. */
    public String apply(String s) {
        return this == URL && s != null ? urlEncode(s) : s;
    }

    public static String urlEncode(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            if (!keep(s.charAt(i))) {
                sb = new StringBuilder(s.length() + 16);
                break;
            }
        }
        if (sb == null) return s;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (keep(c)) {
                sb.append(c);
            } else {
                sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return sb.toString();
    }

    private static boolean keep(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~' || c == '/';
    }
}
