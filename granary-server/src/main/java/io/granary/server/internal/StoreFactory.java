package io.granary.server.internal;

import io.granary.server.config.ServerConfig;
import io.granary.erasure.CodecKernel;
import io.granary.storage.ObjectStore;
import io.granary.storage.erasure.ErasureObjectStore;
import io.granary.storage.erasure.ErasureStoreConfig;
import io.granary.storage.local.LocalObjectStore;
import io.granary.storage.local.LocalStoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and opens the storage engine for a configuration: one data folder is the plain local engine, two or more
 * the erasure-coded engine.
 */
final class StoreFactory {
    private static final Logger log = LoggerFactory.getLogger(StoreFactory.class);

    private StoreFactory() {}

    static ObjectStore open(ServerConfig config, CodecKernel forcedKernel) {
        if (config.dataDirs().size() == 1) {
            LocalObjectStore store = LocalObjectStore.open(new LocalStoreConfig(config.dataDirs().getFirst(),
                    config.fsync()));
            String cause = store.directWritesUnavailabilityCause();
            log.info("large object files: {}", cause == null
                    ? "direct writes (O_DIRECT, past the page cache)"
                    : "written through the page cache (" + cause + ")");
            return store;
        }
        return ErasureObjectStore.open(ErasureStoreConfig.of(config.dataDirs()).withFsync(config.fsync())
                .withParity(config.parity()).withKernel(forcedKernel));
    }
}
