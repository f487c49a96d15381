package io.granary.storage;

import java.util.List;

/** A page of uploads in progress, with common prefixes and the markers for the next page. */
public record UploadListPage(List<MultipartUpload> uploads, List<String> commonPrefixes, boolean truncated,
                             String nextKeyMarker, String nextUploadIdMarker) {}
