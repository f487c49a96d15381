package io.granary.storage.local.internal;

import io.granary.storage.MultipartUpload;
import io.granary.storage.internal.UploadEntry;

/** An upload in progress. Part commits, completion and abort serialize on {@link #lock}. */
public final class UploadState extends UploadEntry<StoredPart> {

    public UploadState(MultipartUpload upload) {
        super(upload);
    }
}
