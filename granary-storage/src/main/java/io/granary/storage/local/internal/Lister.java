package io.granary.storage.local.internal;

import io.granary.storage.ListPage;
import io.granary.storage.ListQuery;
import io.granary.storage.ObjectInfo;
import io.granary.storage.UploadListPage;
import io.granary.storage.UploadListQuery;
import io.granary.storage.MultipartUpload;
import io.granary.storage.internal.UploadEntry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Function;

/** Listing over a sorted key index, with prefix, delimiter roll-up and start points. */
public final class Lister {

    private Lister() {}

    /**
     * One page of {@code index} (sorted in binary UTF-8 order). Entries are keys and common prefixes in one sorted
     * sequence; the page holds those strictly after {@code startAfter}. When a common prefix is emitted the scan
     * seeks past every key under it, so a page costs O(maxKeys log n) whatever the number of keys rolled up.
     */
    public static <V> ListPage list(NavigableMap<String, V> index, ListQuery q, Function<V, ObjectInfo> toInfo) {
        String prefix = q.prefix();
        String delim = q.delimiter();
        int max = Math.max(0, q.maxKeys());
        List<ObjectInfo> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Start start = startPoint(prefix, delim, q.startAfter());
        if (start == null) {
            return new ListPage(objects, prefixes, false, null);
        }
        String from = start.from();
        boolean inclusive = start.inclusive();
        String last = null;
        boolean truncated = false;
        int count = 0;
        while (true) {
            Map.Entry<String, V> e = inclusive ? index.ceilingEntry(from) : index.higherEntry(from);
            if (e == null || !e.getKey().startsWith(prefix)) {
                break;
            }
            if (count >= max) {
                truncated = true;
                break;
            }
            String key = e.getKey();
            String cp = commonPrefix(key, prefix, delim);
            count++;
            if (cp != null) {
                prefixes.add(cp);
                last = cp;
                from = Utf8Order.prefixSuccessor(cp);
                if (from == null) {
                    break;
                }
                inclusive = true;
            } else {
                objects.add(toInfo.apply(e.getValue()));
                last = key;
                from = key;
                inclusive = false;
            }
        }
        return new ListPage(objects, prefixes, truncated, last);
    }

    private record Start(String from, boolean inclusive) {}

    /**
     * Where to start: the prefix itself (inclusive) if startAfter sorts before it; past the whole group if startAfter
     * lies in (or is) a common prefix group, which was listed already; else just after startAfter. Null if nothing
     * can follow.
     */
    private static Start startPoint(String prefix, String delim, String startAfter) {
        if (Utf8Order.compare(startAfter, prefix) < 0) {
            return new Start(prefix, true);
        }
        if (delim != null && startAfter.startsWith(prefix)) {
            String cp = commonPrefix(startAfter, prefix, delim);
            if (cp != null) {
                String next = Utf8Order.prefixSuccessor(cp);
                return next == null ? null : new Start(next, true);
            }
        }
        return new Start(startAfter, false);
    }

    /** The common prefix {@code key} rolls up into, or null if it is listed as itself. */
    static String commonPrefix(String key, String prefix, String delim) {
        if (delim == null) {
            return null;
        }
        int i = key.indexOf(delim, prefix.length());
        return i < 0 ? null : key.substring(0, i + delim.length());
    }

    /**
     * One page of uploads, sorted by key (binary UTF-8) then upload id (which sorts by initiation time). With a
     * delimiter, keys roll up into common prefixes as in {@link #list}. Uploads follow the markers: key greater than
     * keyMarker, or equal with an upload id greater than uploadIdMarker (only when uploadIdMarker is given).
     */
    public static UploadListPage listUploads(Collection<? extends UploadEntry<?>> all, UploadListQuery q) {
        String prefix = q.prefix();
        String delim = q.delimiter();
        String keyMarker = q.keyMarker();
        String idMarker = q.uploadIdMarker();
        String groupSkip = null;
        if (delim != null && !keyMarker.isEmpty() && keyMarker.startsWith(prefix)) {
            groupSkip = commonPrefix(keyMarker, prefix, delim);
        }
        List<MultipartUpload> sorted = new ArrayList<>();
        for (UploadEntry<?> u : all) {
            MultipartUpload mu = u.upload;
            if (!mu.key().startsWith(prefix)) {
                continue;
            }
            int c = Utf8Order.compare(mu.key(), keyMarker);
            boolean after = c > 0 || (c == 0 && !idMarker.isEmpty() && mu.uploadId().compareTo(idMarker) > 0);
            if (!after || (groupSkip != null && mu.key().startsWith(groupSkip))) {
                continue;
            }
            sorted.add(mu);
        }
        sorted.sort(Comparator.comparing(MultipartUpload::key, Utf8Order.COMPARATOR)
                .thenComparing(MultipartUpload::uploadId));
        int max = Math.max(0, q.maxUploads());
        List<MultipartUpload> uploads = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String nextKey = null;
        String nextId = null;
        int count = 0;
        boolean truncated = false;
        String lastPrefix = null;
        for (MultipartUpload mu : sorted) {
            String cp = commonPrefix(mu.key(), prefix, delim);
            if (cp != null && cp.equals(lastPrefix)) {
                continue;
            }
            if (count >= max) {
                truncated = true;
                break;
            }
            count++;
            if (cp != null) {
                prefixes.add(cp);
                lastPrefix = cp;
                nextKey = cp;
                nextId = null;
            } else {
                uploads.add(mu);
                nextKey = mu.key();
                nextId = mu.uploadId();
            }
        }
        return new UploadListPage(uploads, prefixes, truncated, nextKey, nextId);
    }
}
