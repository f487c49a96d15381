package io.granary.s3.handler;

/** What a request addresses: the service (no bucket), a bucket, or an object in a bucket. */
public enum Target {
    SERVICE, BUCKET, OBJECT
}
