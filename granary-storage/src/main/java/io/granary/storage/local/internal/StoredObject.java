package io.granary.storage.local.internal;

import io.granary.storage.ObjectInfo;

/**
 * The current version of one key as the engine knows it. Never holds object bytes, inline ones included: the index
 * keeps one of these per key.
 *
 * @param info           what callers see
 * @param version        random name of this version: the stem of its data files ({@code <version>.<i>}), and the
 *                       check that a metadata file opened for reading is the one this entry describes
 * @param originUploadId the multipart upload this version was completed from, or null
 * @param segments       lengths of the data files in order; they add up to the object size (none if inline)
 * @param inline         whether the bytes are inside the {@code meta} file (see {@link MetaCodec}) instead of data
 *                       files
 */
public record StoredObject(ObjectInfo info, String version, String originUploadId, long[] segments, boolean inline) {

    private static final long[] NO_SEGMENTS = {};

    public StoredObject {
        if (inline && segments.length != 0) {
            throw new IllegalArgumentException("an inline object has no data files");
        }
    }

    /** A version stored in data files. */
    public StoredObject(ObjectInfo info, String version, String originUploadId, long[] segments) {
        this(info, version, originUploadId, segments, false);
    }

    /** A version whose bytes are inside its metadata file. */
    public static StoredObject inline(ObjectInfo info, String version) {
        return new StoredObject(info, version, null, NO_SEGMENTS, true);
    }

    /** The same version with other user-visible information (metadata update). */
    public StoredObject withInfo(ObjectInfo newInfo) {
        return new StoredObject(newInfo, version, originUploadId, segments, inline);
    }

    public String key() {
        return info.key();
    }

    public long size() {
        return info.size();
    }
}
