package io.granary.it.support;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds the external S3 clients. A test that needs a missing tool is skipped on a developer machine, but fails
 * loudly when the environment variable CI is set: in CI every client must be installed
 * (scripts/install-test-deps.sh).
 */
public final class Tools {
    private Tools() {
    }

    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank();
    }

    /** The first executable called {@code name} on PATH. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static Optional<Path> at(String absolutePath) {
        Path p = Path.of(absolutePath);
        return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /**
     * Returns the tool, or skips the calling test when it is genuinely absent and CI is not set, or fails the
     * test when it is absent and CI is set.
     */
    public static Path require(String description, Optional<Path> tool) {
        if (tool.isPresent()) {
            return tool.get();
        }
        absent(description + " is not installed");
        throw new IllegalStateException("unreachable");
    }

    /** Skip (developer machine) or fail (CI) because a prerequisite is missing. */
    public static void absent(String why) {
        absent(why, inCi());
    }

    static void absent(String why, boolean ci) {
        String msg = why + " (run scripts/install-test-deps.sh)";
        if (ci) {
            Assertions.fail("CI is set, so a missing test client is an error: " + msg);
        }
        Assumptions.abort(msg + "; skipped because CI is not set");
    }

    /** First line of "tool --version" (or similar), for logs; runs with the same sanitised environment as tests. */
    public static String version(String... command) {
        ToolRunner.Result r = new ToolRunner().timeout(Duration.ofSeconds(30)).run(command);
        String text = (r.stdout() + "\n" + r.stderr()).strip();
        return text.isEmpty() ? "(no output, exit " + r.exitCode() + ")" : text.lines().findFirst().orElse("");
    }
}
