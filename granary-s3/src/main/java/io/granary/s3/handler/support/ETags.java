package io.granary.s3.handler.support;

/**
 * ETag spelling and matching. Stored ETags have no quotes (hex MD5, or "hex-N" for multipart); on the wire they are
 * quoted. Matching, as S3 does it for If-Match / If-None-Match and their copy-source forms, accepts quoted or
 * unquoted values, a weak {@code W/} prefix (compared as if strong), {@code *} (any existing object) and
 * comma-separated lists.
 */
public final class ETags {
    private ETags() {}

    /** {@code "etag"}; an already quoted value is returned unchanged. */
    public static String quote(String etag) {
        if (etag == null) return null;
        if (etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) return etag;
        return "\"" + etag + "\"";
    }

    /** Strips surrounding whitespace, a {@code W/} prefix and one pair of surrounding quotes. */
    public static String unquote(String etag) {
        if (etag == null) return null;
        String s = etag.trim();
        if (s.startsWith("W/") || s.startsWith("w/")) s = s.substring(2).trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
        return s;
    }

    /**
     * True when the header value (an If-Match style list) matches {@code etag}: one element is {@code *} or equals
     * the ETag after {@link #unquote}. A null or blank header matches nothing.
     */
    public static boolean matches(String headerValue, String etag) {
        if (headerValue == null) return false;
        String current = unquote(etag);
        for (String candidate : split(headerValue)) {
            if (candidate.equals("*") || candidate.equals(current)) return true;
        }
        return false;
    }

    /** The elements of an If-Match style list, unquoted; empty elements dropped. */
    public static java.util.List<String> split(String headerValue) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (headerValue == null) return out;
        for (String part : headerValue.split(",")) {
            String u = unquote(part);
            if (!u.isEmpty()) out.add(u);
        }
        return out;
    }
}
