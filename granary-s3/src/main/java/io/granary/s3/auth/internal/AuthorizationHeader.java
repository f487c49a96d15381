package io.granary.s3.auth.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Authorization header split into its scheme ({@code AWS4-HMAC-SHA256}, {@code AWS}, ...) and what follows it,
 * and the parser of the SigV4 parameter list {@code Credential=.., SignedHeaders=.., Signature=..} (separated by
 * commas and/or whitespace). Only splits: what the values mean is checked by the verifier of the scheme.
 *
 * @param value  the header as sent
 * @param scheme the first whitespace-separated token of the stripped value
 * @param rest   what follows the scheme (leading whitespace kept), "" when nothing does
 */
public record AuthorizationHeader(String value, String scheme, String rest) {
    /** Compiled once: String.split with this regex would compile it on every request. */
    private static final Pattern TOKEN_SEPARATOR = Pattern.compile("[,\\s]+");

    public static AuthorizationHeader parse(String value) {
        String auth = value.strip();
        int sp = indexOfWhitespace(auth);
        return sp < 0 ? new AuthorizationHeader(value, auth, "")
                : new AuthorizationHeader(value, auth.substring(0, sp), auth.substring(sp));
    }

    /**
     * The {@code key=value} parameters after the scheme, in order.
     *
     * @throws io.granary.s3.S3Exception AuthorizationHeaderMalformed for a token without '=' or a repeated key
     */
    public Map<String, String> parameters() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : TOKEN_SEPARATOR.split(rest)) {
            if (token.isEmpty()) continue;
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw AuthErrors.headerMalformed("the authorization header is malformed; '" + token
                        + "' is not a key=value pair");
            }
            if (fields.put(token.substring(0, eq), token.substring(eq + 1)) != null) {
                throw AuthErrors.headerMalformed("the authorization header is malformed; duplicate "
                        + token.substring(0, eq));
            }
        }
        return fields;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) return i;
        }
        return -1;
    }
}
