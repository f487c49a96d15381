package io.granary.storage.erasure;

import java.nio.file.Path;

/**
 * One drive as the store sees it now (for {@code granary admin} output and health endpoints).
 *
 * @param set      erasure set (0-based)
 * @param position position in the set (0-based)
 * @param state    OK, OFFLINE (unusable since open, e.g. not a folder), MISSING (its folder or tree vanished while
 *                 running; heal-all or a restart re-creates it)
 * @param detail   why it is not OK, else empty
 */
public record DriveStatus(Path path, int set, int position, State state, String detail) {
    public enum State { OK, OFFLINE, MISSING }
}
