package io.granary.storage;

/**
 * One page request of ListMultipartUploads: prefix, delimiter (as in {@link ListQuery}), the key/upload-id markers
 * (uploads after keyMarker, or for keyMarker itself with upload id greater than uploadIdMarker), maxUploads 0..1000.
 */
public record UploadListQuery(String prefix, String delimiter, String keyMarker, String uploadIdMarker, int maxUploads) {
    public UploadListQuery {
        prefix = prefix == null ? "" : prefix;
        keyMarker = keyMarker == null ? "" : keyMarker;
        uploadIdMarker = uploadIdMarker == null ? "" : uploadIdMarker;
        if (delimiter != null && delimiter.isEmpty()) delimiter = null;
    }
}
