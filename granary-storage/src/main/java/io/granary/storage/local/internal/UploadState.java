package io.granary.storage.local.internal;

import io.granary.storage.MultipartUpload;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/** An upload in progress. Part commits, completion and abort serialize on {@link #lock}. */
public final class UploadState {
    public final MultipartUpload upload;
    public final ConcurrentSkipListMap<Integer, StoredPart> parts = new ConcurrentSkipListMap<>();
    public final ReentrantLock lock = new ReentrantLock();
    /** Set (under lock) once the upload is completed or aborted; it then accepts nothing more. */
    public volatile boolean finished;

    public UploadState(MultipartUpload upload) {
        this.upload = upload;
    }

    public String id() {
        return upload.uploadId();
    }

    public String key() {
        return upload.key();
    }
}
