package io.granary.storage.local.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.internal.BucketIndex;

/**
 * One bucket in memory: its sorted key index and its uploads. Mutations of its content hold the read lock;
 * deleting the bucket holds the write lock, so it never races with a commit.
 */
public final class BucketState extends BucketIndex<StoredObject, UploadState> {

    public BucketState(BucketInfo info) {
        super(info);
    }
}
