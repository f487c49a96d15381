package io.granary.storage.local.internal;

import io.granary.storage.PartInfo;

/** A committed part of an upload and the name of its data file in the upload folder. */
public record StoredPart(PartInfo info, String dataFile) {}
