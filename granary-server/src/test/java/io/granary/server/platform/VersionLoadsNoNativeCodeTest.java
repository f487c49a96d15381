package io.granary.server.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code granary --version} and {@code --help} must not be able to crash on a platform: they run in a child JVM
 * with native-library lookup pointed nowhere and class and library loading logged, and must load no Netty class,
 * no probe class and no native library other than the JDK's own.
 */
class VersionLoadsNoNativeCodeTest {
    private static final String MAIN = "io.granary.server.Main";
    private static final String INFO = "io.granary.server.cli.InfoCommand";
    /** Classes that probe or touch native code; none may load for --version/--help. */
    private static final Pattern PROBES = Pattern.compile("\\[class,load] io\\.granary\\.(platform\\.internal\\."
            + "|platform\\.PlatformProbe|server\\.platform\\.(NativeTransports|AllocatorSelector|ServerPlatform))");
    private static final Pattern LOADED_LIBRARY = Pattern.compile("\\[library\\s*] Loaded library (\\S+?),");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            MAIN + ", --version",
            MAIN + ", --help",
            MAIN + ", server --help",
            MAIN + ", info --help",
            INFO + ", --help",
            INFO + ", --version"})
    void answersWithoutNativeCodeOrNetty(String main, String args) throws Exception {
        Child c = run(main, args.split(" "));
        assertThat(c.exit).as(c.log).isZero();
        if (args.equals("--version")) assertThat(c.log).contains("granary ");
        else assertThat(c.log).contains("Usage:");

        assertThat(c.log.lines().filter(l -> l.contains("io.netty"))).as("Netty classes loaded").isEmpty();
        assertThat(c.log.lines().filter(l -> PROBES.matcher(l).find())).as("probe classes loaded").isEmpty();
        assertThat(c.log.toLowerCase()).doesNotContain("netty_transport").doesNotContain("libnetty");
        String javaHome = System.getProperty("java.home");
        Matcher m = LOADED_LIBRARY.matcher(c.log);
        while (m.find()) {
            String lib = m.group(1);
            boolean jdkOwn = lib.startsWith(javaHome + File.separator)
                    || (!lib.contains("/") && Files.exists(Path.of(javaHome, "lib", lib)));
            assertThat(jdkOwn).as("native library outside the JDK: " + lib).isTrue();
        }
    }

    /** Control: the same logging does see Netty when a command really uses it, so the checks above can fail. */
    @Test
    void theDetectorSeesNettyWhenItIsLoaded() throws Exception {
        Child c = run(INFO, "--pure-java");
        assertThat(c.exit).as(c.log).isZero();
        assertThat(c.log).contains("[class,load] io.netty.channel.nio.NioIoHandler");
        assertThat(c.log).containsPattern(PROBES.pattern());
    }

    private record Child(int exit, String log) {}

    private Child run(String main, String... args) throws IOException, InterruptedException {
        String javaHome = System.getProperty("java.home");
        List<String> cmd = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(),
                "-Xlog:class+load=info,library=info:stdout", "-Djava.library.path=/nonexistent",
                "-Dio.netty.native.workdir=/nonexistent", "-Dio.netty.tmpdir=/nonexistent",
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "child", ".log");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + cmd);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(main + " " + String.join(" ", args) + " answered in " + millis + " ms");
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
