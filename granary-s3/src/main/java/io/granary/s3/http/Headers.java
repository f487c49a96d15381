package io.granary.s3.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP headers as an ordered multi-map with case-insensitive names. Names are stored lower-case, which is also the
 * form SigV4 canonicalisation wants. Mutable; not thread-safe.
 */
public final class Headers {
    private final List<Map.Entry<String, String>> entries = new ArrayList<>();

    public Headers add(String name, String value) {
        entries.add(Map.entry(name.toLowerCase(Locale.ROOT), value));
        return this;
    }

    /** Replaces all values of {@code name} with one. */
    public Headers set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    public Headers remove(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        entries.removeIf(e -> e.getKey().equals(n));
        return this;
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equals(n)) return e.getValue();
        }
        return null;
    }

    public List<String> getAll(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>(1);
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equals(n)) out.add(e.getValue());
        }
        return out;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** All entries in arrival order, names lower-case. */
    public List<Map.Entry<String, String>> entries() {
        return Collections.unmodifiableList(entries);
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
