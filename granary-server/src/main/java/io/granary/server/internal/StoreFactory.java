package io.granary.server.internal;

import io.granary.server.config.ServerConfig;
import io.granary.storage.ObjectStore;
import io.granary.storage.local.LocalObjectStore;
import io.granary.storage.local.LocalStoreConfig;

/** Chooses and opens the storage engine for a configuration: one data folder → the local engine. */
final class StoreFactory {
    private StoreFactory() {}

    static ObjectStore open(ServerConfig config) {
        if (config.dataDirs().size() != 1) {
            throw new IllegalArgumentException("Granary serves exactly one data folder for now; "
                    + "erasure coding across several folders is not available yet (got " + config.dataDirs() + ")");
        }
        return LocalObjectStore.open(new LocalStoreConfig(config.dataDirs().getFirst(), config.fsync()));
    }
}
