package io.granary.server.cli;

import io.granary.bench.BenchCommand;
import picocli.CommandLine.Command;

/** The root command: {@code granary [--version|--help] <subcommand>}. */
@Command(name = "granary", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Granary: an S3-compatible object store.",
        subcommands = {ServerCommand.class, InfoCommand.class, BenchCommand.class})
public final class GranaryCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
