package io.granary.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command (aws, rclone, python3 ...) with a private environment, a timeout and fully captured
 * output. Output goes to files, so a chatty tool can never block on a full pipe.
 */
public final class ToolRunner {

    /** Variables that would leak the developer's own AWS/rclone setup (or break the CLIs) into a test run. */
    public static final Set<String> ALWAYS_UNSET = Set.of("AWS_CA_BUNDLE", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
            "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_REGION",
            "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_USE_FIPS_ENDPOINT", "AWS_S3_USE_ARN_REGION",
            "RCLONE_CONFIG", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy");

    public record Result(List<String> command, int exitCode, boolean timedOut, byte[] stdoutBytes, String stderr,
                         Duration took) {
        public String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        public boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** Throws with the command, exit status and both outputs unless the command succeeded. */
        public Result assertSuccess() {
            if (!ok()) {
                throw new AssertionError("command failed: " + describe());
            }
            return this;
        }

        public String describe() {
            return String.join(" ", command) + "\n  -> " + (timedOut ? "TIMED OUT after " + took.toSeconds() + "s"
                    : "exit " + exitCode + " in " + took.toMillis() + " ms") + "\n  stdout: " + tail(stdout()) + "\n  stderr: " + tail(stderr);
        }

        private static String tail(String s) {
            String t = s.strip();
            return t.length() > 4000 ? "..." + t.substring(t.length() - 4000) : t;
        }
    }

    private final Map<String, String> env = new LinkedHashMap<>();
    private Path workDir;
    private Duration timeout = Duration.ofMinutes(2);

    public ToolRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public ToolRunner env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    public ToolRunner workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public ToolRunner timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    public Result run(String... command) {
        return run(List.of(command));
    }

    public Result run(List<String> command) {
        long start = System.nanoTime();
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("granary-it-out", ".txt");
            err = Files.createTempFile("granary-it-err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command);
            ALWAYS_UNSET.forEach(pb.environment()::remove);
            pb.environment().putAll(env);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(List.copyOf(command), done ? p.exitValue() : -1, !done,
                    Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return new Result(List.copyOf(command), -2, false, new byte[0], "could not start: " + e,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // temp file
            }
        }
    }

    /** Convenience: builds a mutable argument list. */
    public static List<String> args(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
