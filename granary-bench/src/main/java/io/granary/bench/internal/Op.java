package io.granary.bench.internal;

/** The S3 operations the load generator issues. */
public enum Op {
    PUT, GET, STAT, DELETE, LIST
}
