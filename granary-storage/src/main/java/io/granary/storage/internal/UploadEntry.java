package io.granary.storage.internal;

import io.granary.storage.MultipartUpload;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An upload in progress, shared by both engines: its description and its parts by number. Part commits, completion
 * and abort serialize on {@link #lock}.
 *
 * @param <P> the engine's part record
 */
public abstract class UploadEntry<P> {
    public final MultipartUpload upload;
    public final ConcurrentSkipListMap<Integer, P> parts = new ConcurrentSkipListMap<>();
    public final ReentrantLock lock = new ReentrantLock();
    /** Set (under lock) once the upload is completed or aborted; it then accepts nothing more. */
    public volatile boolean finished;

    protected UploadEntry(MultipartUpload upload) {
        this.upload = upload;
    }

    public String id() {
        return upload.uploadId();
    }

    public String key() {
        return upload.key();
    }
}
