package io.granary.storage;

import java.time.Instant;

/** A bucket: its name, when it was created and its region (LocationConstraint; empty for the default). */
public record BucketInfo(String name, Instant created, String region) {}
