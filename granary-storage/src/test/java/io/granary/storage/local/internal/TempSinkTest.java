package io.granary.storage.local.internal;

import io.granary.storage.StorageException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link TempSink} with direct writes (probed in a temp folder; these cases are skipped where the file system refuses
 * them) and without: whatever the sizes, the way the bytes are cut into writes and the kind of buffers they come in,
 * the finished file holds exactly the bytes written, flushed once; a stage write is never overtaken (by the next
 * stage, by the flush, by a discard); discarding removes the file; a finished or discarded sink takes no more. On
 * Linux, also that the direct path is really taken: an O_DIRECT descriptor from the first full stage on (never below
 * one stage), and the directly written bytes absent from the page cache.
 *
 * <p>All inputs are prefixes of one block of seeded random bytes ({@link #DATA}), so a stage written at the wrong
 * offset, twice, or from a stale buffer shows as a difference, reported with its offset.
 */
@Timeout(60)
class TempSinkTest {

    static final int STAGE = DirectWrites.STAGE_SIZE;
    static final int[] SIZES = {0, 1, 4095, 4096, 4097, STAGE - 1, STAGE, STAGE + 1, STAGE + 4096, 2 * STAGE + 4097,
            3 * STAGE + 123};
    /** Sizes up to this are also written one byte at a time. */
    static final int MAX_BYTEWISE = 8193;
    static final int MAX_RANDOM_CHUNK = 200_000;
    static final byte[] DATA = randomBytes(0x5EED, 3 * STAGE + 123);

    /** Where the class's {@link DirectWrites} is probed (one writer pool for all cases). */
    @TempDir
    static Path probeDir;
    static DirectWrites direct;

    @TempDir
    Path dir;
    Layout layout;

    @BeforeAll
    static void probe() {
        direct = DirectWrites.probe(probeDir.resolve("tmp"));
    }

    @BeforeEach
    void setUp() throws IOException {
        layout = new Layout(dir);
        Files.createDirectories(layout.tmp);
    }

    enum Mode {
        DIRECT, OFF
    }

    /** The store's direct writes in {@code mode}; skips the test where direct writes are not available. */
    static DirectWrites writes(Mode mode) {
        if (mode == Mode.OFF) {
            return DirectWrites.OFF;
        }
        assumeTrue(direct.isAvailable(), () -> "no direct writes here: " + direct.unavailabilityCause());
        return direct;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The matrix: sizes x chunking x buffer kind x mode

    enum Chunking {
        ONE_WRITE, ONE_BYTE_WRITES, RANDOM_CHUNKS, CHUNKS_64K;

        int[] lengths(int size, SplittableRandom r) {
            return switch (this) {
                case ONE_WRITE -> new int[] {size};
                case ONE_BYTE_WRITES -> {
                    int[] ones = new int[size];
                    Arrays.fill(ones, 1);
                    yield ones;
                }
                case RANDOM_CHUNKS -> {
                    List<Integer> out = new ArrayList<>();
                    for (int done = 0; done < size; ) {
                        int n = Math.min(size - done, r.nextInt(1, MAX_RANDOM_CHUNK + 1));
                        out.add(n);
                        done += n;
                    }
                    yield out.stream().mapToInt(Integer::intValue).toArray();
                }
                case CHUNKS_64K -> {
                    int[] out = new int[(size + 65535) / 65536];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Math.min(65536, size - i * 65536);
                    }
                    yield out;
                }
            };
        }
    }

    /** The kind of buffer each write's bytes come in. */
    enum Source {
        /** A heap buffer whose position is not 0. */
        HEAP,
        /** A plain direct buffer. */
        DIRECT,
        /** A slice of a heap buffer: non-zero array offset and position, bytes around it that must not be read. */
        HEAP_SLICE,
        /** A slice of a direct buffer, with a non-zero position and bytes around it that must not be read. */
        DIRECT_SLICE,
        /** A read-only heap buffer (no accessible array), non-zero position. */
        READ_ONLY,
        /** Each write's buffer of a random one of the kinds above. */
        MIXED;

        static final Source[] CONCRETE = {HEAP, DIRECT, HEAP_SLICE, DIRECT_SLICE, READ_ONLY};
    }

    /** What a write is given ({@code buffer}), and a writable view of all the memory behind it. */
    record Input(ByteBuffer buffer, ByteBuffer backing) {}

    /** {@code data[off, off + len)} in a buffer of {@code kind}, surrounded by random bytes where the kind has room. */
    static Input input(Source kind, byte[] data, int off, int len, SplittableRandom r) {
        if (kind == Source.MIXED) {
            kind = Source.CONCRETE[r.nextInt(Source.CONCRETE.length)];
        }
        int before = 1 + r.nextInt(16);
        int inner = 1 + r.nextInt(16);
        int after = r.nextInt(16);
        switch (kind) {
            case HEAP -> {
                byte[] a = randomBytes(r, before + len + after);
                System.arraycopy(data, off, a, before, len);
                ByteBuffer b = ByteBuffer.wrap(a, before, len);
                return new Input(b, b);
            }
            case DIRECT -> {
                ByteBuffer b = ByteBuffer.allocateDirect(len).put(data, off, len).flip();
                return new Input(b, b);
            }
            case HEAP_SLICE -> {
                byte[] a = randomBytes(r, before + inner + len + after);
                System.arraycopy(data, off, a, before + inner, len);
                ByteBuffer b = ByteBuffer.wrap(a).slice(before, inner + len + after).position(inner)
                        .limit(inner + len);
                assertThat(b.arrayOffset()).isEqualTo(before);
                return new Input(b, ByteBuffer.wrap(a));
            }
            case DIRECT_SLICE -> {
                ByteBuffer whole = ByteBuffer.allocateDirect(before + inner + len + after)
                        .put(randomBytes(r, before + inner + len + after)).clear();
                whole.put(before + inner, data, off, len);
                ByteBuffer b = whole.slice(before, inner + len + after).position(inner).limit(inner + len);
                return new Input(b, whole);
            }
            case READ_ONLY -> {
                byte[] a = randomBytes(r, before + len + after);
                System.arraycopy(data, off, a, before, len);
                return new Input(ByteBuffer.wrap(a, before, len).asReadOnlyBuffer(), ByteBuffer.wrap(a));
            }
            default -> throw new AssertionError(kind);
        }
    }

    record Case(Mode mode, int size, Chunking chunking, Source source) {
        @Override
        public String toString() {
            return mode + ", " + describe(size) + " bytes, " + chunking + ", " + source;
        }
    }

    static Stream<Case> matrix() {
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            for (Chunking chunking : Chunking.values()) {
                if (chunking == Chunking.ONE_BYTE_WRITES && SIZES[i] > MAX_BYTEWISE) {
                    continue;
                }
                Source source = switch (chunking) {
                    case ONE_WRITE -> Source.CONCRETE[i % Source.CONCRETE.length];
                    case CHUNKS_64K -> Source.CONCRETE[(i + 2) % Source.CONCRETE.length];
                    default -> Source.MIXED;
                };
                for (Mode mode : Mode.values()) {
                    cases.add(new Case(mode, SIZES[i], chunking, source));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void theFinishedFileHoldsExactlyTheBytesWritten(Case c) throws IOException {
        DirectWrites writes = writes(c.mode());
        SplittableRandom r = new SplittableRandom(c.size() * 31L + c.chunking().ordinal());
        byte[] expected = Arrays.copyOf(DATA, c.size());
        TempSink sink = new TempSink(layout, ".data", writes);
        long written = 0;
        for (int len : c.chunking().lengths(c.size(), r)) {
            Input in = input(c.source(), DATA, (int) written, len, r);
            ByteBuffer src = in.buffer();
            int limit = src.limit();
            sink.write(src);
            assertThat(src.position()).as("source position after writing %d bytes at %d", len, written)
                    .isEqualTo(limit);
            assertThat(src.limit()).isEqualTo(limit);
            written += len;
            assertThat(sink.size()).isEqualTo(written);
            scribble(in.backing()); // the caller may reuse its buffer as soon as write returns
        }
        Checking flusher = new Checking(sink.path(), expected);
        sink.finish(flusher);
        assertThat(flusher.files()).as("flushes of the file").isEqualTo(1);
        assertThat(flusher.dirs()).isZero();
        assertThat(sink.isOpen()).isFalse();
        assertThat(sink.size()).isEqualTo(c.size());
        assertSameBytes(sink.path(), expected, "after finish");
        assertThat(listTmp()).containsExactly(sink.path());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Discard, and what a finished or discarded sink refuses

    @ParameterizedTest
    @EnumSource(Mode.class)
    void discardInTheMiddleOfALargeWriteDeletesTheFileAndCanBeRepeated(Mode mode) throws IOException {
        TempSink sink = new TempSink(layout, ".data", writes(mode));
        Path path = sink.path();
        int len = 2 * STAGE + 100_000; // two full stages written (or in flight), a third one filling
        writeIn64K(sink, 0, len);
        assertThat(sink.size()).isEqualTo(len);
        assertThat(path).exists();

        sink.discard();
        assertThat(path).doesNotExist();
        assertThat(sink.isOpen()).isFalse();
        assertThat(layout.tmp).isEmptyDirectory();

        sink.discard();
        assertThat(path).doesNotExist();

        Checking flusher = new Checking(path, null);
        assertThatThrownBy(() -> sink.finish(flusher)).isInstanceOf(IllegalStateException.class);
        assertThat(flusher.files()).isZero();
        ByteBuffer more = ByteBuffer.wrap(new byte[10]);
        assertThatThrownBy(() -> sink.write(more)).isInstanceOf(IllegalStateException.class);
        assertThat(more.position()).isZero();
        assertThat(layout.tmp).isEmptyDirectory();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The flush

    @ParameterizedTest
    @EnumSource(Mode.class)
    void finishFlushesOnceAfterAllBytesAreWrittenThenTakesNoMore(Mode mode) throws IOException {
        TempSink sink = new TempSink(layout, ".data", writes(mode));
        int len = STAGE + 4097; // a direct stage, an aligned remainder and an unaligned tail
        byte[] expected = Arrays.copyOf(DATA, len);
        writeIn64K(sink, 0, len);
        Checking flusher = new Checking(sink.path(), expected).durable();
        sink.finish(flusher);
        assertThat(flusher.files()).isEqualTo(1);
        assertThat(flusher.dirs()).isZero();
        assertSameBytes(sink.path(), expected, "after finish");

        ByteBuffer more = ByteBuffer.wrap(new byte[10]);
        assertThatThrownBy(() -> sink.write(more)).isInstanceOf(IllegalStateException.class);
        assertThat(more.position()).isZero();
        assertThatThrownBy(() -> sink.finish(flusher)).isInstanceOf(IllegalStateException.class);
        assertThat(flusher.files()).isEqualTo(1);
        assertThat(sink.size()).isEqualTo(len);
        assertSameBytes(sink.path(), expected, "after refused writes");

        sink.discard(); // a finished file stays in tmp/ until moved or discarded
        assertThat(sink.path()).doesNotExist();
        assertThat(layout.tmp).isEmptyDirectory();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aFailedFlushDiscardsTheFile(Mode mode) {
        TempSink sink = new TempSink(layout, ".data", writes(mode));
        writeIn64K(sink, 0, STAGE + 1);
        assertThatThrownBy(() -> sink.finish(FAILING_FILE_FLUSH)).isInstanceOf(StorageException.class)
                .hasMessageContaining("injected flush failure");
        assertThat(sink.path()).doesNotExist();
        assertThat(sink.isOpen()).isFalse();
        assertThatThrownBy(() -> sink.finish(Flusher.NONE)).isInstanceOf(IllegalStateException.class);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The direct path is really taken, and only for files of a stage or more (Linux: /proc/self/fdinfo)

    @Test
    void aFileReachingOneStageIsWrittenWithODirectAndASmallerOneIsNot() throws IOException {
        DirectWrites writes = writes(Mode.DIRECT);
        int oDirect = oDirectFlag();

        TempSink sink = new TempSink(layout, ".data", writes);
        String file = sink.path().toRealPath().toString();
        sink.write(ByteBuffer.wrap(DATA, 0, STAGE - 1));
        assertThat(openFlags(file)).as("descriptors below one stage").hasSize(1)
                .allMatch(f -> (f & oDirect) == 0);
        sink.write(ByteBuffer.wrap(DATA, STAGE - 1, 1)); // the first stage is full
        assertThat(openFlags(file)).as("descriptors at one stage").hasSize(2)
                .filteredOn(f -> (f & oDirect) != 0).hasSize(1);
        sink.write(ByteBuffer.wrap(DATA, STAGE, 4097));
        sink.finish(Flusher.NONE);
        assertThat(openFlags(file)).as("descriptors after finish").isEmpty();
        assertSameBytes(sink.path(), Arrays.copyOf(DATA, STAGE + 4097), "after finish");

        TempSink small = new TempSink(layout, ".data", writes);
        String smallFile = small.path().toRealPath().toString();
        small.write(ByteBuffer.wrap(DATA, 0, STAGE - 1));
        small.finish(new Checking(small.path(), Arrays.copyOf(DATA, STAGE - 1)) {
            @Override
            public void file(FileChannel channel, Path path) throws IOException {
                assertThat(openFlags(smallFile)).as("descriptors of a file below one stage, at its flush")
                        .hasSize(1).allMatch(f -> (f & oDirect) == 0);
                super.file(channel, path);
            }
        });
        assertThat(openFlags(smallFile)).isEmpty();

        TempSink discarded = new TempSink(layout, ".data", writes);
        String discardedFile = discarded.path().toRealPath().toString();
        writeIn64K(discarded, 0, STAGE + 1);
        assertThat(openFlags(discardedFile)).hasSize(2);
        discarded.discard();
        assertThat(openFlags(discardedFile)).as("descriptors after discard").isEmpty();
    }

    @Test
    void withoutDirectWritesNoDescriptorIsDirect() throws IOException {
        int oDirect = oDirectFlag();
        TempSink sink = new TempSink(layout, ".data", DirectWrites.OFF);
        String file = sink.path().toRealPath().toString();
        writeIn64K(sink, 0, STAGE + 1);
        assertThat(openFlags(file)).hasSize(1).allMatch(f -> (f & oDirect) == 0);
        sink.finish(Flusher.NONE);
        assertThat(openFlags(file)).isEmpty();
        assertSameBytes(sink.path(), Arrays.copyOf(DATA, STAGE + 1), "after finish");
    }

    /**
     * The point of direct writes: the stages and the aligned remainder go to the drive without passing through the
     * page cache (only the tail after the last aligned block does). Observed with mincore, through
     * {@link java.nio.MappedByteBuffer#isLoaded()} of one-page mappings; skipped where the same file written through
     * the page cache does not show as resident (residency not observable).
     */
    @Test
    void directlyWrittenBytesStayOutOfThePageCache() throws IOException {
        DirectWrites writes = writes(Mode.DIRECT);
        int len = STAGE + 2 * 4096 + 123; // a stage, an aligned remainder of two blocks, a tail
        TempSink sink = new TempSink(layout, ".data", writes);
        writeIn64K(sink, 0, len);
        sink.finish(Flusher.NONE);
        TempSink control = new TempSink(layout, ".data", DirectWrites.OFF);
        writeIn64K(control, 0, len);
        control.finish(Flusher.NONE);

        long[] pages = {0, 4096, STAGE / 2, STAGE - 4096, STAGE, STAGE + 4096};
        try (FileChannel ch = FileChannel.open(control.path(), StandardOpenOption.READ)) {
            for (long page : pages) {
                assumeTrue(resident(ch, page), "page-cache residency not observable here");
            }
        }
        try (FileChannel ch = FileChannel.open(sink.path(), StandardOpenOption.READ)) {
            for (long page : pages) {
                assertThat(resident(ch, page)).as("page at %s of a directly written file is in the page cache",
                        describe(page)).isFalse();
            }
        }
        assertSameBytes(sink.path(), Arrays.copyOf(DATA, len), "after finish");
    }

    /** Whether the 4 KiB page of the file at {@code offset} is in the page cache (without reading it). */
    static boolean resident(FileChannel ch, long offset) throws IOException {
        return ch.map(FileChannel.MapMode.READ_ONLY, offset, 4096).isLoaded();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Ordering against the stage write in flight (the writer threads are held busy so that it stays queued)

    @Test
    void atMostOneStageWriteIsInFlight() throws Exception {
        DirectWrites writes = writes(Mode.DIRECT);
        TempSink sink = new TempSink(layout, ".data", writes);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        CountDownLatch release = holdWriters(writes);
        try {
            Future<?> twoStages = caller.submit(() -> sink.write(ByteBuffer.wrap(DATA, 0, 2 * STAGE)));
            assertStillRunning(twoStages, "a write that fills a second stage while the first is queued");
            release.countDown();
            twoStages.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            caller.shutdownNow();
        }
        sink.write(ByteBuffer.wrap(DATA, 2 * STAGE, 123));
        sink.finish(Flusher.NONE);
        assertSameBytes(sink.path(), Arrays.copyOf(DATA, 2 * STAGE + 123), "after finish");
    }

    @Test
    void finishWaitsForTheStageWriteInFlightBeforeFlushing() throws Exception {
        DirectWrites writes = writes(Mode.DIRECT);
        TempSink sink = new TempSink(layout, ".data", writes);
        byte[] expected = Arrays.copyOf(DATA, STAGE + 5000);
        Checking flusher = new Checking(sink.path(), expected);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        CountDownLatch release = holdWriters(writes);
        try {
            sink.write(ByteBuffer.wrap(expected)); // the first stage is handed over, and queued
            Future<?> finish = caller.submit(() -> sink.finish(flusher));
            assertStillRunning(finish, "finish while the first stage's write is queued");
            assertThat(flusher.files()).as("flushes before the stage is written").isZero();
            release.countDown();
            finish.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            caller.shutdownNow();
        }
        assertThat(flusher.files()).isEqualTo(1);
        assertSameBytes(sink.path(), expected, "after finish");
    }

    @Test
    void discardWaitsForTheStageWriteInFlight() throws Exception {
        DirectWrites writes = writes(Mode.DIRECT);
        TempSink sink = new TempSink(layout, ".data", writes);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        CountDownLatch release = holdWriters(writes);
        try {
            sink.write(ByteBuffer.wrap(DATA, 0, STAGE + 1));
            Future<?> discard = caller.submit(sink::discard);
            // returning now would hand the stage back to the pool while its write may still read it
            assertStillRunning(discard, "discard while the first stage's write is queued");
            release.countDown();
            discard.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            caller.shutdownNow();
        }
        assertThat(sink.path()).doesNotExist();
        assertThat(layout.tmp).isEmptyDirectory();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /** A flusher that counts, and checks at the flush that the file already holds {@code expected} (if not null). */
    static class Checking implements Flusher {
        private final Path expectedPath;
        private final byte[] expected;
        private final AtomicInteger files = new AtomicInteger();
        private final AtomicInteger dirs = new AtomicInteger();
        private boolean durable;

        Checking(Path expectedPath, byte[] expected) {
            this.expectedPath = expectedPath;
            this.expected = expected;
        }

        Checking durable() {
            durable = true;
            return this;
        }

        int files() {
            return files.get();
        }

        int dirs() {
            return dirs.get();
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            files.incrementAndGet();
            assertThat(path).isEqualTo(expectedPath);
            assertThat(channel.isOpen()).isTrue();
            if (expected != null) {
                assertThat(channel.size()).as("file size at the flush").isEqualTo(expected.length);
                assertSameBytes(path, expected, "at the flush");
            }
            if (durable) {
                Flusher.DURABLE.file(channel, path);
            }
        }

        @Override
        public void dir(Path d) {
            dirs.incrementAndGet();
        }
    }

    /** Fails every file flush with "injected flush failure"; a folder flush is a test failure. */
    static final Flusher FAILING_FILE_FLUSH = new Flusher() {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void file(FileChannel channel, Path path) throws IOException {
            throw new IOException("injected flush failure");
        }

        @Override
        public void dir(Path d) {
            throw new AssertionError("no folder flush expected");
        }
    };

    static void writeIn64K(TempSink sink, int from, int len) {
        for (int off = from; off < from + len; off += 65536) {
            sink.write(ByteBuffer.wrap(DATA, off, Math.min(65536, from + len - off)));
        }
    }

    static void assertSameBytes(Path file, byte[] expected, String when) throws IOException {
        byte[] actual = Files.readAllBytes(file);
        int at = Arrays.mismatch(actual, expected);
        if (at >= 0) {
            fail(String.format("%s: %s has %d bytes, expected %d; first difference at offset %d (%s): expected %s,"
                            + " actual %s", when, file.getFileName(), actual.length, expected.length, at,
                    describe(at), at < expected.length ? String.format("0x%02x", expected[at]) : "end of file",
                    at < actual.length ? String.format("0x%02x", actual[at]) : "end of file"));
        }
    }

    /** {@code n} as "STAGE*k+m" when it is a stage or more. */
    static String describe(long n) {
        if (n < STAGE) {
            return Long.toString(n);
        }
        long k = n / STAGE;
        long m = n % STAGE;
        return "STAGE" + (k > 1 ? "*" + k : "") + (m > 0 ? "+" + m : "");
    }

    /** Overwrites all the memory behind an input, so that a sink still reading it afterwards writes junk. */
    static void scribble(ByteBuffer backing) {
        ByteBuffer w = backing.duplicate().clear();
        if (w.hasArray()) {
            Arrays.fill(w.array(), (byte) 0xA5);
            return;
        }
        byte[] junk = new byte[Math.min(w.remaining(), 65536)];
        Arrays.fill(junk, (byte) 0xA5);
        while (w.hasRemaining()) {
            w.put(junk, 0, Math.min(junk.length, w.remaining()));
        }
    }

    static byte[] randomBytes(long seed, int n) {
        return randomBytes(new SplittableRandom(seed), n);
    }

    static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private List<Path> listTmp() throws IOException {
        try (Stream<Path> s = Files.list(layout.tmp)) {
            return s.toList();
        }
    }

    /**
     * Occupies every writer thread of {@code writes} until the returned latch is counted down, or 10 s have passed
     * (so that a sink blocking where a test does not expect it makes the test fail rather than hang).
     */
    static CountDownLatch holdWriters(DirectWrites writes) throws InterruptedException {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) writes.writers();
        int threads = pool.getMaximumPoolSize();
        CountDownLatch started = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).as("writer threads held").isTrue();
        return release;
    }

    static void assertStillRunning(Future<?> f, String what) {
        assertThatThrownBy(() -> f.get(300, TimeUnit.MILLISECONDS)).as(what + " should wait")
                .isInstanceOf(TimeoutException.class);
    }

    /** The O_DIRECT bit of open flags on this architecture; skips the test elsewhere than Linux x86-64 or arm64. */
    static int oDirectFlag() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "no /proc/self/fdinfo");
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> 040000;
            case "aarch64", "arm" -> 0200000;
            default -> {
                assumeTrue(false, "O_DIRECT value unknown on " + System.getProperty("os.arch"));
                yield 0;
            }
        };
    }

    /** The open flags of each of this process's descriptors for {@code file} (its real path). */
    static List<Integer> openFlags(String file) throws IOException {
        List<Integer> flags = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile (e.g. the descriptor of this listing)
                }
                if (!target.equals(file) && !target.equals(file + " (deleted)")) {
                    continue;
                }
                for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                    if (line.startsWith("flags:")) {
                        flags.add(Integer.parseInt(line.substring("flags:".length()).trim(), 8));
                    }
                }
            }
        }
        return flags;
    }
}
