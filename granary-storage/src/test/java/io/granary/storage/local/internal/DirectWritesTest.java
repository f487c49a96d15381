package io.granary.storage.local.internal;

import com.sun.nio.file.ExtendedOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The probe of {@link DirectWrites} (available where the file system takes an aligned O_DIRECT write, unavailable with
 * a cause naming the folder where it does not, and no file left behind either way), its staging buffers, and that
 * every {@link TempSink} gives its stages back, however it ends.
 */
class DirectWritesTest {

    static final int STAGE = DirectWrites.STAGE_SIZE;
    static final byte[] DATA = TempSinkTest.randomBytes(7, STAGE + 4097);

    @TempDir
    Path dir;

    @Test
    void offIsUnavailableWithACause() {
        assertThat(DirectWrites.OFF.isAvailable()).isFalse();
        assertThat(DirectWrites.OFF.unavailabilityCause()).isNotBlank();
        assertThat(DirectWrites.OFF.writers()).isNull();
    }

    @Test
    void probeInAFolderThatTakesDirectWritesLeavesNothingBehind() {
        Path tmp = dir.resolve("tmp"); // made by the probe
        DirectWrites d = DirectWrites.probe(tmp);
        assertThat(tmp).isEmptyDirectory();
        assumeTrue(d.isAvailable(), () -> "no direct writes here: " + d.unavailabilityCause());
        assertThat(d.unavailabilityCause()).isNull();
        assertThat(d.writers()).isNotNull();
    }

    @Test
    void probeOnAFileSystemThatRefusesODirectIsUnavailable() throws IOException {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()), "no tmpfs /dev/shm");
        Path folder = Files.createTempDirectory(shm, "granary-probe-test-");
        try {
            assumeTrue(refusesODirect(folder), "this kernel's tmpfs takes O_DIRECT (Linux 6.6 and later)");
            DirectWrites d = DirectWrites.probe(folder);
            assertThat(d.isAvailable()).isFalse();
            assertThat(d.unavailabilityCause()).contains(folder.toString());
            assertThat(d.writers()).isNull();
            assertThat(folder).isEmptyDirectory();
        } finally {
            deleteTree(folder);
        }
    }

    @Test
    void probeWhereTheFolderCannotBeMadeIsUnavailable() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        Path tmp = file.resolve("tmp");
        DirectWrites d = DirectWrites.probe(tmp);
        assertThat(d.isAvailable()).isFalse();
        assertThat(d.unavailabilityCause()).contains(tmp.toString());
        assertThat(file).isRegularFile().hasContent("x");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(file);
        }
    }

    @Test
    void stagesAreAlignedDirectBuffersOfOneStageAndComeBackCleared() {
        DirectWrites d = availableProbe();
        ByteBuffer stage = d.takeStage();
        assertThat(stage.isDirect()).isTrue();
        assertThat(stage.position()).isZero();
        assertThat(stage.limit()).isEqualTo(STAGE);
        assertThat(stage.capacity()).isGreaterThanOrEqualTo(STAGE);
        assertThat(stage.alignmentOffset(0, DirectWrites.ALIGNMENT)).isZero();

        stage.position(1234).limit(5678);
        d.returnStage(stage);
        ByteBuffer again = d.takeStage();
        assertThat(again).isSameAs(stage);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(STAGE);
    }

    /**
     * A probe of its own has an empty pool; two stages are put in it. Each sink (the small ones take one stage, the
     * others two) must give back exactly the stages it took, once, however it ends: afterwards the pool holds the
     * same two buffers and nothing else, so sinks one after another allocate no direct memory.
     */
    @Test
    void everySinkGivesItsStagesBackOnce() throws IOException {
        DirectWrites d = availableProbe();
        ByteBuffer a = d.takeStage();
        ByteBuffer b = d.takeStage();
        assertThat(b).isNotSameAs(a);
        d.returnStage(a);
        d.returnStage(b);

        Layout layout = new Layout(dir.resolve("store"));
        Files.createDirectories(layout.tmp);
        List<String> names = new ArrayList<>();
        List<Consumer<TempSink>> endings = new ArrayList<>();
        names.add("empty, finished");
        endings.add(s -> s.finish(Flusher.NONE));
        names.add("below one stage, finished");
        endings.add(s -> {
            s.write(ByteBuffer.wrap(DATA, 0, 4097));
            s.finish(Flusher.NONE);
        });
        names.add("over one stage, finished");
        endings.add(s -> {
            s.write(ByteBuffer.wrap(DATA));
            s.finish(Flusher.NONE);
        });
        names.add("over one stage, discarded mid-write");
        endings.add(s -> {
            s.write(ByteBuffer.wrap(DATA));
            s.discard();
        });
        names.add("over one stage, finished, then discarded");
        endings.add(s -> {
            s.write(ByteBuffer.wrap(DATA));
            s.finish(Flusher.NONE);
            s.discard();
        });
        names.add("over one stage, discarded twice");
        endings.add(s -> {
            s.write(ByteBuffer.wrap(DATA));
            s.discard();
            s.discard();
        });
        names.add("over one stage, flush failed");
        endings.add(s -> {
            s.write(ByteBuffer.wrap(DATA));
            assertThatThrownBy(() -> s.finish(TempSinkTest.FAILING_FILE_FLUSH))
                    .hasMessageContaining("injected flush failure");
        });

        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < endings.size(); i++) {
                TempSink sink = new TempSink(layout, ".data", d);
                endings.get(i).accept(sink);
                String what = names.get(i) + " (round " + round + ")";
                ByteBuffer x = d.takeStage();
                ByteBuffer y = d.takeStage();
                ByteBuffer z = d.takeStage();
                assertThat((x == a && y == b) || (x == b && y == a)).as("the pool after a sink %s gives back the"
                        + " two stages it held", what).isTrue();
                assertThat(z != a && z != b).as("the pool after a sink %s holds no third (or repeated) stage",
                        what).isTrue();
                d.returnStage(a);
                d.returnStage(b);
                Files.deleteIfExists(sink.path());
            }
        }
    }

    private DirectWrites availableProbe() {
        DirectWrites d = DirectWrites.probe(dir.resolve("probe"));
        assumeTrue(d.isAvailable(), () -> "no direct writes here: " + d.unavailabilityCause());
        return d;
    }

    /** Whether a file in {@code folder} cannot be opened for direct writes (tried independently of the probe). */
    private static boolean refusesODirect(Path folder) throws IOException {
        Path f = folder.resolve("o-direct-check");
        try (FileChannel ignored = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                ExtendedOpenOption.DIRECT)) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
