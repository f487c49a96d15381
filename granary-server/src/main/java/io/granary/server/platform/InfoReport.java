package io.granary.server.platform;

import io.granary.platform.DataFolder;
import io.granary.platform.PlatformReport;
import io.granary.platform.Probed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code granary info} (and the admin info endpoint) shows: the platform report and every choice with its
 * reason, as an ordered tree that renders as text or JSON.
 */
public final class InfoReport {
    private InfoReport() {}

    /** The report as nested maps/lists (stable key order). */
    public static Map<String, Object> tree(String version, PlatformDecisions d, AllocatorSetup allocator,
                                           TransportSelection transports) {
        PlatformReport r = d.report();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("granary", version);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("os", ordered("family", r.os(), "name", r.osName(), "version", r.osVersion()));
        p.put("arch", ordered("normalised", r.arch(), "raw", r.rawArch()));
        p.put("libc", probed(r.libc()));
        p.put("pageSize", probed(r.pageSize()));
        p.put("cpuCount", r.cpuCount());
        p.put("cpuFeatures", probed(r.cpuFeatures()));
        Map<String, Object> vec = new LinkedHashMap<>();
        vec.put("available", r.vector().isAvailable());
        vec.put("preferredBitWidth", r.vector().preferredBitWidth());
        vec.put("detail", r.vector().detail());
        p.put("vectorApi", vec);
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("vendor", r.jvm().vendor());
        jvm.put("version", r.jvm().version());
        jvm.put("vm", r.jvm().vmName());
        p.put("jvm", jvm);
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("maxHeapBytes", r.memory().maxHeapBytes());
        mem.put("maxDirectBytes", probed(r.memory().maxDirectBytes()));
        p.put("memory", mem);
        List<Object> folders = new ArrayList<>();
        for (DataFolder f : r.dataFolders()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path().toString());
            m.put("filesystem", probed(f.fsType()));
            folders.add(m);
        }
        p.put("dataFolders", folders);
        root.put("platform", p);

        Map<String, Object> choices = new LinkedHashMap<>();
        choices.put("pureJava", d.pureJava());
        Map<String, Object> alloc = new LinkedHashMap<>();
        alloc.put("kind", d.allocator().kind());
        alloc.put("reason", d.allocator().reason());
        alloc.put("capBytes", d.cap().maxBytes());
        alloc.put("capSource", d.cap().source());
        alloc.put("capEnforcement", allocator.enforcement());
        choices.put("allocator", alloc);
        Map<String, Object> tr = new LinkedHashMap<>();
        tr.put("chosen", transports.chosen().kind());
        tr.put("order", d.transportOrder().candidates());
        tr.put("orderReason", d.transportOrder().reason());
        List<Object> cands = new ArrayList<>();
        for (TransportProbe tp : transports.probes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", tp.kind());
            m.put("available", tp.available());
            m.put("reason", tp.reason());
            cands.add(m);
        }
        tr.put("candidates", cands);
        choices.put("transport", tr);
        choices.put("codec", d.codec());
        root.put("choices", choices);
        return root;
    }

    /** Human text: one "key: value" line per leaf, indented by depth. */
    public static String text(Map<String, Object> tree) {
        StringBuilder sb = new StringBuilder();
        text(sb, tree, 0);
        return sb.toString();
    }

    private static void text(StringBuilder sb, Map<?, ?> m, int depth) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String pad = "  ".repeat(depth);
            Object v = e.getValue();
            if (v instanceof Map<?, ?> sub) {
                sb.append(pad).append(e.getKey()).append(":\n");
                text(sb, sub, depth + 1);
            } else if (v instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Map) {
                sb.append(pad).append(e.getKey()).append(":\n");
                for (Object item : list) {
                    sb.append(pad).append("  -\n");
                    text(sb, (Map<?, ?>) item, depth + 2);
                }
            } else {
                sb.append(pad).append(e.getKey()).append(": ").append(v).append('\n');
            }
        }
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static Map<String, Object> probed(Probed<?> p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", p.known() ? p.value() : "unknown");
        m.put(p.known() ? "source" : "reason", p.detail());
        return m;
    }
}
