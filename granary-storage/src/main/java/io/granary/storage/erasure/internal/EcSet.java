package io.granary.storage.erasure.internal;

import java.util.List;

/** One erasure set: 2..16 drives; every object lives on all drives of exactly one set. */
public record EcSet(int index, List<Drive> drives) {
    public int n() {
        return drives.size();
    }
}
