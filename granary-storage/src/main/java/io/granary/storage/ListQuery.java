package io.granary.storage;

/**
 * One page request of a listing.
 *
 * @param prefix     only keys starting with this ("" for all)
 * @param delimiter  null or empty for none; else keys containing it after the prefix roll up into common prefixes
 *                   (any length, multi-character too)
 * @param startAfter list keys (and common prefixes) strictly greater than this in binary UTF-8 order; "" for the
 *                   start. The key need not exist (it may have been deleted since the previous page).
 * @param maxKeys    1..1000 entries (keys plus common prefixes) in the page; 0 is allowed and yields an empty page
 */
public record ListQuery(String prefix, String delimiter, String startAfter, int maxKeys) {
    public ListQuery {
        prefix = prefix == null ? "" : prefix;
        startAfter = startAfter == null ? "" : startAfter;
        if (delimiter != null && delimiter.isEmpty()) delimiter = null;
    }
}
