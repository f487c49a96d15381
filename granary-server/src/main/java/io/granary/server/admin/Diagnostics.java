package io.granary.server.admin;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runtime diagnostics that not every JVM has. Each capability is probed when asked, never at start-up, and a missing
 * one is reported as {@link Unsupported} with the reason, so the admin endpoint answers 501 and the server keeps
 * serving.
 */
public interface Diagnostics {

    /** Writes a heap dump (live objects) to {@code target}, which must not exist yet. */
    void heapDump(Path target) throws Unsupported, Exception;

    /** Records CPU and allocation samples for {@code duration} into {@code target} (a JFR file). */
    void profile(Duration duration, Path target) throws Unsupported, Exception;

    /** A capability this runtime lacks: what is missing and why. */
    final class Unsupported extends Exception {
        public Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** The diagnostics of the running JVM (HotSpot's diagnostic bean and JDK Flight Recorder, where present). */
    static Diagnostics ofThisJvm() {
        return new JvmDiagnostics();
    }
}
