package io.granary.bench;

import picocli.CommandLine;

/** Standalone entry point of the shaded jar: {@code java -jar granary-bench.jar [options]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}
