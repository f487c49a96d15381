package io.granary.s3.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A decoded query string as an ordered multi-map. Keeps the raw encoded pairs too, because SigV4 canonicalises from
 * the decoded values but re-encodes them itself. A parameter without '=' (like {@code ?uploads}) has value "".
 */
public final class QueryString {
    private final List<Map.Entry<String, String>> params;

    private QueryString(List<Map.Entry<String, String>> params) {
        this.params = params;
    }

    public static QueryString parse(String rawQuery) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                if (pair.isEmpty()) continue;
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                out.add(Map.entry(percentDecode(name, true), percentDecode(value, true)));
            }
        }
        return new QueryString(out);
    }

    public String get(String name) {
        for (Map.Entry<String, String> e : params) {
            if (e.getKey().equals(name)) return e.getValue();
        }
        return null;
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    public List<Map.Entry<String, String>> entries() {
        return Collections.unmodifiableList(params);
    }

    /**
     * Decodes %XX escapes as UTF-8 (and '+' as space when {@code plusAsSpace}). Malformed escapes are kept literally,
     * as S3 does not reject them at this layer.
     */
    public static String percentDecode(String s, boolean plusAsSpace) {
        if (s.indexOf('%') < 0 && (!plusAsSpace || s.indexOf('+') < 0)) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusAsSpace) {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
