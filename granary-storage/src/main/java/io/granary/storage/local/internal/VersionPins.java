package io.granary.storage.local.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Reference counts of object versions held open by readers. A version replaced or deleted while pinned keeps its
 * data files until the last reader closes, so a reader can open segment files lazily and still read the version it
 * opened.
 */
public final class VersionPins {
    private final Map<String, Pin> pins = new HashMap<>();

    private static final class Pin {
        int refs;
        Runnable onRelease;
    }

    public synchronized void pin(String version) {
        pins.computeIfAbsent(version, v -> new Pin()).refs++;
    }

    /** Drops one reference; returns the deferred cleanup to run (outside this lock) if it was the last. */
    public Runnable unpin(String version) {
        synchronized (this) {
            Pin p = pins.get(version);
            if (p == null) {
                return null;
            }
            if (--p.refs > 0) {
                return null;
            }
            pins.remove(version);
            return p.onRelease;
        }
    }

    /**
     * Called when a version stops being current: returns true if nobody reads it (the caller deletes its files now),
     * else remembers {@code cleanup} for when the last reader closes and returns false.
     */
    public synchronized boolean retire(String version, Runnable cleanup) {
        Pin p = pins.get(version);
        if (p == null) {
            return true;
        }
        p.onRelease = cleanup;
        return false;
    }

    public synchronized boolean isPinned(String version) {
        return pins.containsKey(version);
    }
}
