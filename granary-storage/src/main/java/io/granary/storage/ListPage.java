package io.granary.storage;

import java.util.List;

/**
 * A page of a listing: objects and common prefixes (each sorted, unique), whether more remain, and the last entry
 * returned (a key or a common prefix, whichever sorts last) from which the next page starts.
 */
public record ListPage(List<ObjectInfo> objects, List<String> commonPrefixes, boolean truncated, String lastEntry) {}
