package io.granary.storage.local.internal;

import io.granary.storage.ObjectInfo;

/**
 * The current version of one key as the engine knows it.
 *
 * @param info           what callers see
 * @param version        random name stem of this version's data files ({@code <version>.<i>})
 * @param originUploadId the multipart upload this version was completed from, or null
 * @param segments       lengths of the data files in order; they add up to the object size
 */
public record StoredObject(ObjectInfo info, String version, String originUploadId, long[] segments) {

    public String key() {
        return info.key();
    }

    public long size() {
        return info.size();
    }
}
