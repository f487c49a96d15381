package io.granary.server.cli;

import io.granary.server.platform.AllocatorSelector;
import io.granary.server.platform.AllocatorSetup;
import io.granary.server.platform.InfoReport;
import io.granary.server.platform.Json;
import io.granary.server.platform.NativeTransports;
import io.granary.server.platform.PlatformDecisions;
import io.granary.server.platform.PlatformOptions;
import io.granary.server.platform.TransportSelection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code granary info [--json] [DIR...]}: the platform report and every choice with its reason (allocator and how
 * its cap is enforced, each transport candidate, codec), decided exactly as the server would, for pasting into bug
 * reports. Unlike {@code --version} this does probe native transports (that is its purpose); a native failure shows
 * up as a reason, never as a crash.
 */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Print the platform report and the allocator/transport/codec choices with their reasons.")
public final class InfoCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "DIR", description = "Data folder(s) whose filesystem to report.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Mixin
    PlatformOptions platform = new PlatformOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code info} alone (usable before the subcommand is registered in {@link GranaryCommand}). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new InfoCommand()).execute(args));
    }

    @Override
    public Integer call() {
        Map<String, String> env = System.getenv();
        PlatformDecisions d = PlatformDecisions.decide(platform, dirs, env);
        AllocatorSetup a = AllocatorSelector.create(d.allocator(), d.cap());
        TransportSelection t = NativeTransports.select(d.transportOrder(), true);
        Map<String, Object> tree = InfoReport.tree(VersionProvider.version(), d, a, t);
        var out = spec.commandLine().getOut();
        out.print(json ? Json.write(tree) + "\n" : InfoReport.text(tree));
        out.flush();
        return 0;
    }
}
