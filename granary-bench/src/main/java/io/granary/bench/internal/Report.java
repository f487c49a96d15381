package io.granary.bench.internal;

import java.util.Locale;
import java.util.Map;

/** Text and JSON summaries of a {@link Result}. */
public final class Report {
    private Report() {}

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    public static String text(Result r) {
        BenchConfig c = r.config();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %s objects x %d, concurrency %d, %.1f s measured, %s bucket %s%n",
                c.workload().id(), Sizes.format(c.size()), c.objects(), c.concurrency(), r.seconds(), c.endpoint(),
                c.bucket()));
        OpStats t = r.total();
        sb.append(String.format(Locale.ROOT, "  total: %,d ops, %,.1f ops/s, %,.2f MB/s, %d errors%n", t.ops,
                r.opsPerSecond(), r.megabytesPerSecond(), t.errors));
        for (Map.Entry<Op, OpStats> e : r.byOp().entrySet()) {
            OpStats s = e.getValue();
            sb.append(String.format(Locale.ROOT, "  %-6s %,10d ops %,10.1f ops/s %,10.2f MB/s  errors %d%s%n",
                    e.getKey(), s.ops, r.seconds() > 0 ? s.ops / r.seconds() : 0,
                    r.seconds() > 0 ? s.bytes / r.seconds() / 1e6 : 0, s.errors,
                    e.getKey() == Op.LIST ? String.format(Locale.ROOT, "  (%,.0f keys/s)",
                            r.seconds() > 0 ? s.items / r.seconds() : 0) : ""));
            sb.append(latencyLine("latency", s.latency));
            sb.append(latencyLine("ttfb", s.ttfb));
        }
        for (String m : r.errorSamples()) sb.append("  error: ").append(m).append('\n');
        return sb.toString();
    }

    private static String latencyLine(String name, Histogram h) {
        return String.format(Locale.ROOT, "         %-8s p50 %8.3f ms  p90 %8.3f ms  p99 %8.3f ms  max %8.3f ms  mean %8.3f ms%n",
                name, ms(h.percentile(50)), ms(h.percentile(90)), ms(h.percentile(99)), ms(h.max()), h.mean() / 1e6);
    }

    public static String json(Result r) {
        BenchConfig c = r.config();
        StringBuilder sb = new StringBuilder("{");
        field(sb, "workload", c.workload().id()).append(',');
        field(sb, "endpoint", c.endpoint().toString()).append(',');
        field(sb, "bucket", c.bucket()).append(',');
        sb.append("\"size\":").append(c.size()).append(',');
        sb.append("\"objects\":").append(c.objects()).append(',');
        sb.append("\"concurrency\":").append(c.concurrency()).append(',');
        num(sb, "seconds", r.seconds()).append(',');
        stats(sb, r.total(), r.seconds());
        sb.append(",\"ops_per_s\":").append(fmt(r.opsPerSecond()));
        sb.append(",\"mb_per_s\":").append(fmt(r.megabytesPerSecond()));
        sb.append(",\"by_op\":{");
        boolean first = true;
        for (Map.Entry<Op, OpStats> e : r.byOp().entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append('"').append(e.getKey().name()).append("\":{");
            stats(sb, e.getValue(), r.seconds());
            sb.append('}');
        }
        sb.append("},\"error_samples\":[");
        for (int i = 0; i < r.errorSamples().size(); i++) {
            if (i > 0) sb.append(',');
            str(sb, r.errorSamples().get(i));
        }
        return sb.append("]}").toString();
    }

    private static void stats(StringBuilder sb, OpStats s, double seconds) {
        sb.append("\"ops\":").append(s.ops).append(",\"errors\":").append(s.errors).append(",\"bytes\":")
                .append(s.bytes);
        if (s.items > 0) sb.append(",\"items\":").append(s.items);
        sb.append(",\"rate\":").append(fmt(seconds > 0 ? s.ops / seconds : 0));
        sb.append(",\"latency_ms\":");
        hist(sb, s.latency);
        sb.append(",\"ttfb_ms\":");
        hist(sb, s.ttfb);
    }

    private static void hist(StringBuilder sb, Histogram h) {
        sb.append("{\"p50\":").append(fmt(ms(h.percentile(50))))
                .append(",\"p90\":").append(fmt(ms(h.percentile(90))))
                .append(",\"p99\":").append(fmt(ms(h.percentile(99))))
                .append(",\"max\":").append(fmt(ms(h.max())))
                .append(",\"mean\":").append(fmt(h.mean() / 1e6)).append('}');
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }

    private static StringBuilder num(StringBuilder sb, String k, double v) {
        return sb.append('"').append(k).append("\":").append(fmt(v));
    }

    private static StringBuilder field(StringBuilder sb, String k, String v) {
        sb.append('"').append(k).append("\":");
        str(sb, v);
        return sb;
    }

    private static void str(StringBuilder sb, String v) {
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        sb.append('"');
    }
}
