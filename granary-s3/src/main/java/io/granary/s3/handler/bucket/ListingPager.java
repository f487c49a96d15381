package io.granary.s3.handler.bucket;

import io.granary.storage.ListPage;
import io.granary.storage.ListQuery;
import io.granary.storage.ObjectInfo;
import io.granary.storage.ObjectStore;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches one listing page for the S3 list operations. A page never stops early: if the store returns fewer entries
 * than asked while more remain, further store pages are fetched from the last entry until the page is full or the
 * listing ends. Common prefixes are de-duplicated across store pages. {@code maxKeys == 0} yields an empty,
 * untruncated page (S3's answer), after the store has confirmed the bucket exists.
 */
final class ListingPager {
    private ListingPager() {}

    static ListPage fetch(ObjectStore store, String bucket, String prefix, String delimiter, String startAfter,
                          int maxKeys) {
        if (maxKeys <= 0) {
            store.listObjects(bucket, new ListQuery(prefix, delimiter, startAfter, 0));
            return new ListPage(List.of(), List.of(), false, null);
        }
        List<ObjectInfo> objects = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        String after = startAfter == null ? "" : startAfter;
        String last = null;
        boolean truncated;
        while (true) {
            int room = maxKeys - objects.size() - prefixes.size();
            ListPage page = store.listObjects(bucket, new ListQuery(prefix, delimiter, after, room));
            objects.addAll(page.objects());
            for (String cp : page.commonPrefixes()) {
                if (!cp.equals(after)) prefixes.add(cp);
            }
            truncated = page.truncated();
            boolean progressed = page.lastEntry() != null && !page.lastEntry().equals(after);
            if (page.lastEntry() != null) last = page.lastEntry();
            if (!truncated || objects.size() + prefixes.size() >= maxKeys || !progressed) break;
            after = page.lastEntry();
        }
        return new ListPage(objects, new ArrayList<>(prefixes), truncated, last);
    }
}
