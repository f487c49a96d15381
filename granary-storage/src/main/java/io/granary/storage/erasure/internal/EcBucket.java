package io.granary.storage.erasure.internal;

import io.granary.storage.BucketInfo;
import io.granary.storage.internal.BucketIndex;

/**
 * One bucket in memory: the sorted index of its live objects over all sets (each entry resolved by quorum over its
 * set's drives at open, and kept current by quorum commits) and its uploads in progress.
 */
public final class EcBucket extends BucketIndex<EcObject, EcUpload> {

    public EcBucket(BucketInfo info) {
        super(info);
    }
}
