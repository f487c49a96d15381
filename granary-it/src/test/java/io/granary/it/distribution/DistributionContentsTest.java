package io.granary.it.distribution;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distribution jar, as built in this run, ships exactly the native pieces per target that docs/PLATFORMS.md
 * promises (scripts/cross-arch/check-native-contents.sh), and runs `--version` without touching them.
 */
class DistributionContentsTest {
    private static final Path ROOT = Path.of(System.getProperty("granary.it.repoRoot", ".."));
    private static final Path JAR = Path.of(System.getProperty("granary.it.serverJar",
            "../granary-server/target/granary.jar"));

    @Test
    void nativePiecesPerTargetMatchTheDocs() throws Exception {
        assertThat(JAR).as("the server jar is packaged before the integration tests run").exists();
        Process p = new ProcessBuilder("bash", ROOT.resolve("scripts/cross-arch/check-native-contents.sh").toString(),
                JAR.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("linux-x86_64", "linux-aarch_64", "native contents match docs/PLATFORMS.md");
    }

    @Test
    void theJarRunsVersionWithNoNativeLibraryReachable() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Djava.library.path=/nonexistent", "-Xlog:library=info", "-jar",
                JAR.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("granary ").doesNotContain("netty_transport_native");
        try (JarFile zip = new JarFile(JAR.toFile())) {
            assertThat(zip.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("io.granary.server.Main");
        }
        assertThat(Files.size(JAR)).isPositive();
    }
}
