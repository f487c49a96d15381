package io.granary.server.platform;

import java.util.Iterator;
import java.util.Map;

/** A minimal JSON writer for maps, lists, strings, numbers, booleans, enums and null (pretty, 2-space indent). */
public final class Json {
    private Json() {}

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Number n -> sb.append(n);
            case Map<?, ?> m -> container(sb, '{', '}', m.entrySet().iterator(), indent, true);
            case Iterable<?> it -> container(sb, '[', ']', it.iterator(), indent, false);
            default -> string(sb, v.toString());
        }
    }

    private static void container(StringBuilder sb, char open, char close, Iterator<?> it, int indent,
                                  boolean object) {
        sb.append(open);
        if (!it.hasNext()) {
            sb.append(close);
            return;
        }
        while (it.hasNext()) {
            Object item = it.next();
            sb.append('\n').append("  ".repeat(indent + 1));
            if (object) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
            } else {
                write(sb, item, indent + 1);
            }
            if (it.hasNext()) sb.append(',');
        }
        sb.append('\n').append("  ".repeat(indent)).append(close);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
