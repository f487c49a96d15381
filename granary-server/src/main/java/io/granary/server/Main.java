package io.granary.server;

import io.granary.server.cli.GranaryCommand;
import picocli.CommandLine;

/**
 * Entry point. Deliberately tiny: {@code --version} and {@code --help} are answered by picocli before any server,
 * Netty or storage class is loaded, so they touch no native code and allocate no direct memory.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String... args) {
        configureLogging();
        return new CommandLine(new GranaryCommand()).setExecutionExceptionHandler(Main::oneLineError).execute(args);
    }

    /**
     * Start-up failures a user can fix (a busy port, a bad option value, a locked data folder) are one line with a
     * hint and exit code 1, not a stack trace.
     */
    private static int oneLineError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message;
        if (root instanceof java.net.BindException
                || String.valueOf(root.getMessage()).contains("Address already in use")) {
            message = "cannot listen on the requested address (" + root.getMessage()
                    + "); choose another with --address host:port";
        } else if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof io.granary.storage.StorageException || root instanceof java.io.IOException) {
            message = e.getMessage() != null ? e.getMessage() : root.toString();
        } else {
            e.printStackTrace(cl.getErr());
            message = "failed: " + e;
        }
        cl.getErr().println("granary: " + message);
        return 1;
    }

    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.log.io.netty", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }
}
