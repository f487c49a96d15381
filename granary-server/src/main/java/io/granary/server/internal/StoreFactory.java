package io.granary.server.internal;

import io.granary.server.config.ServerConfig;
import io.granary.erasure.CodecKernel;
import io.granary.storage.ObjectStore;
import io.granary.storage.erasure.ErasureObjectStore;
import io.granary.storage.erasure.ErasureStoreConfig;
import io.granary.storage.local.LocalObjectStore;
import io.granary.storage.local.LocalStoreConfig;

/**
 * Chooses and opens the storage engine for a configuration: one data folder is the plain local engine, two or more
 * the erasure-coded engine.
 */
final class StoreFactory {
    private StoreFactory() {}

    static ObjectStore open(ServerConfig config, CodecKernel forcedKernel) {
        if (config.dataDirs().size() == 1) {
            return LocalObjectStore.open(new LocalStoreConfig(config.dataDirs().getFirst(), config.fsync()));
        }
        return ErasureObjectStore.open(ErasureStoreConfig.of(config.dataDirs()).withFsync(config.fsync())
                .withParity(config.parity()).withKernel(forcedKernel));
    }
}
