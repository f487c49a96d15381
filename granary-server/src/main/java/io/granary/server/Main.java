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
        return new CommandLine(new GranaryCommand()).execute(args);
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
