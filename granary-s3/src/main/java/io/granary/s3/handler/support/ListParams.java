package io.granary.s3.handler.support;

import io.granary.s3.S3Error;
import io.granary.s3.S3Exception;
import io.granary.s3.handler.RequestContext;

/**
 * Integer query parameters of the list operations (max-keys, max-uploads, max-parts, part-number-marker), parsed as
 * S3 does: absent (or empty) → the default; not a decimal integer, or negative → InvalidArgument naming the
 * parameter; above {@code cap} → {@code cap} (S3 silently returns at most 1000 entries per page).
 */
public final class ListParams {
    /** S3's page size limit and default. */
    public static final int MAX_PAGE = 1000;

    private ListParams() {}

    /** A page size: default and cap {@link #MAX_PAGE}. */
    public static int pageSize(RequestContext ctx, String name) {
        return intParam(ctx, name, MAX_PAGE, MAX_PAGE);
    }

    /** A non-negative integer parameter, {@code def} when absent, capped at {@code cap}. */
    public static int intParam(RequestContext ctx, String name, int def, int cap) {
        String raw = ctx.param(name);
        if (raw == null || raw.isEmpty()) return def;
        long v;
        try {
            v = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, raw, "Provided " + name + " not an integer or within integer range");
        }
        if (v < 0) throw invalid(name, raw, "Argument " + name + " must be an integer between 0 and 2147483647");
        return (int) Math.min(v, cap);
    }

    /** InvalidArgument with ArgumentName/ArgumentValue, as S3 reports a bad parameter. */
    public static S3Exception invalid(String name, String value, String message) {
        return new S3Exception(S3Error.INVALID_ARGUMENT, message).with("ArgumentName", name).with("ArgumentValue", value);
    }
}
