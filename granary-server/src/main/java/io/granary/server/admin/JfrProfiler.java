package io.granary.server.admin;

import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

import java.nio.file.Path;
import java.time.Duration;

/** Loaded only after {@link JvmDiagnostics} found module jdk.jfr: a JFR recording with the "profile" settings. */
final class JfrProfiler {
    private JfrProfiler() {}

    static void record(Duration duration, Path target) throws Exception {
        if (!FlightRecorder.isAvailable()) {
            throw new Diagnostics.Unsupported("JDK Flight Recorder is present but not available in this JVM");
        }
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
            recording.setName("granary-admin-profile");
            recording.start();
            Thread.sleep(duration);
            recording.stop();
            recording.dump(target);
        }
    }
}
