package io.granary.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a workload: optional preparation (bucket, objects), then {@code concurrency} connections, driven by a few
 * event-loop threads, issuing requests until the duration or the request budget is used up. A progress line goes
 * to stderr once a second. Every loop is bounded by count and by time.
 */
public final class Runner {
    private static final int MAX_ERROR_SAMPLES = 5;

    private final BenchConfig cfg;
    private final PrintStream err;
    private final String[] paths;
    private final String bucketPath;
    private final ByteBuffer payload;
    private final String payloadHash;
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong budget = new AtomicLong();
    private volatile boolean stop;

    public Runner(BenchConfig cfg, PrintStream err) {
        this.cfg = cfg;
        this.err = err;
        this.bucketPath = "/" + SigV4.uriEncode(cfg.bucket(), true);
        this.paths = new String[cfg.objects()];
        for (int i = 0; i < paths.length; i++) paths[i] = bucketPath + "/" + SigV4.uriEncode(key(cfg.prefix(), i), false);
        byte[] data = new byte[(int) cfg.size()];
        new SplittableRandom(42).nextBytes(data);
        ByteBuffer b = ByteBuffer.allocateDirect(data.length);
        b.put(data).flip();
        this.payload = b.asReadOnlyBuffer();
        this.payloadHash = cfg.signPayload() ? SigV4.sha256Hex(data, 0, data.length) : SigV4.UNSIGNED_PAYLOAD;
    }

    /** The object key for index i: prefix + 8 digits. */
    public static String key(String prefix, int i) {
        String n = Integer.toString(i);
        return prefix + "0".repeat(Math.max(0, 8 - n.length())) + n;
    }

    /** The encoded request path of object i (/bucket/key). */
    public String path(int i) {
        return paths[i];
    }

    private S3Client newClient() {
        return new S3Client(cfg.endpoint(), cfg.accessKey(), cfg.secretKey(), cfg.region());
    }

    /** A presigned GET URL for object i, valid for the given seconds. */
    public String presign(int i, long seconds) {
        try (S3Client c = newClient()) {
            return c.presignGet(paths[i], seconds);
        }
    }

    // ---------------------------------------------------------------- preparation

    /** Creates the bucket if missing and, for workloads that read, uploads the objects. */
    public void prepare() throws IOException, InterruptedException {
        try (S3Client c = newClient()) {
            int st = c.send("PUT", bucketPath, "", null, SigV4.EMPTY_SHA256, false);
            if (st != 200 && st != 409) {
                throw new IOException("creating bucket " + cfg.bucket() + " failed: HTTP " + st + " "
                        + snippet(c.connection().body()));
            }
        }
        if (!cfg.workload().needsObjects() && !cfg.prepareOnly()) return;
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        runThreads(Math.min(cfg.concurrency(), cfg.objects()), w -> {
            try (S3Client c = newClient()) {
                ByteBuffer body = payload.duplicate();
                for (int i; (i = next.getAndIncrement()) < cfg.objects() && failures.isEmpty() && !stop; ) {
                    body.clear();
                    int st = c.send("PUT", paths[i], "", body, payloadHash, false);
                    if (st != 200) failures.add("PUT " + paths[i] + ": HTTP " + st + " " + snippet(c.connection().body()));
                }
            } catch (IOException e) {
                failures.add("PUT: " + e);
            }
        });
        if (!failures.isEmpty()) throw new IOException("uploading objects failed: " + failures.getFirst());
        if (cfg.progress()) {
            err.printf("prepared %d object(s) of %s in %.1f s%n", cfg.objects(), Sizes.format(cfg.size()),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Deletes the objects (best effort). */
    public void cleanup() throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        runThreads(Math.min(cfg.concurrency(), cfg.objects()), w -> {
            try (S3Client c = newClient()) {
                for (int i; (i = next.getAndIncrement()) < cfg.objects() && !stop; ) {
                    c.send("DELETE", paths[i], "", null, SigV4.EMPTY_SHA256, false);
                }
            } catch (IOException e) {
                // best effort
            }
        });
    }

    // ---------------------------------------------------------------- the measured run

    private final class Worker {
        final int id;
        final S3Client client = newClient();
        final LoopConnection conn;
        final EnumMap<Op, OpStats> stats = new EnumMap<>(Op.class);
        final SplittableRandom rnd;
        final ByteBuffer body = payload.duplicate();
        volatile long doneOps;
        volatile long doneBytes;
        volatile long doneErrors;
        final long measureFrom;
        final long deadline;
        // key slice [lo, hi) for delete/mixed; cursor for get/stat/put
        final int lo;
        final int hi;
        int cursor;
        // mixed: live and dead keys of the slice
        int[] live;
        int liveCount;
        int[] dead;
        int deadCount;
        // list
        String continuation;
        long lastEnd;
        // the request in flight
        Op op;
        int key;
        long start;
        boolean afterWarmup;

        Worker(int id, long measureFrom, long deadline, Selector selector) {
            this.id = id;
            this.rnd = new SplittableRandom(1000L + id);
            this.measureFrom = measureFrom;
            this.deadline = deadline;
            this.lastEnd = measureFrom;
            this.conn = new LoopConnection(client.address(), selector);
            this.conn.attachment = this;
            int n = cfg.objects();
            int c = cfg.concurrency();
            this.lo = (int) ((long) n * id / c);
            this.hi = (int) ((long) n * (id + 1) / c);
            this.cursor = lo < n ? lo : 0;
            if (cfg.workload() == Workload.MIXED) {
                live = new int[Math.max(0, hi - lo)];
                dead = new int[live.length];
                for (int i = lo; i < hi; i++) live[liveCount++] = i;
            }
        }

        private OpStats stats(Op op) {
            return stats.computeIfAbsent(op, o -> new OpStats());
        }

        /** Starts the next request; false when this worker is finished (time, budget or work used up). */
        boolean startNext() {
            while (!stop) {
                long now = System.nanoTime();
                if (now - deadline >= 0) return false;
                boolean warm = now - measureFrom >= 0;
                if (warm && cfg.maxRequests() > 0 && budget.getAndIncrement() >= cfg.maxRequests()) return false;
                if (!choose()) return false;
                start = now;
                afterWarmup = warm;
                try {
                    issue();
                    return true;
                } catch (IOException e) {
                    conn.close();
                    finish(e);
                    try {
                        Thread.sleep(10); // don't spin on a dead server
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        stop = true;
                    }
                }
            }
            return false;
        }

        /** Picks the operation and key; false when there is nothing left to do. */
        private boolean choose() {
            switch (cfg.workload()) {
                case PUT -> {
                    op = Op.PUT;
                    key = nextKey();
                }
                case GET -> {
                    op = Op.GET;
                    key = nextKey();
                }
                case STAT -> {
                    op = Op.STAT;
                    key = nextKey();
                }
                case DELETE -> {
                    if (cursor >= hi) return false;
                    op = Op.DELETE;
                    key = cursor++;
                }
                case LIST -> {
                    op = Op.LIST;
                    key = -1;
                }
                case MIXED -> {
                    if (live.length == 0) return false;
                    int r = rnd.nextInt(100);
                    if (r < 45 && liveCount > 0) {
                        op = Op.GET;
                        key = live[rnd.nextInt(liveCount)];
                    } else if (r < 75 && liveCount > 0) {
                        op = Op.STAT;
                        key = live[rnd.nextInt(liveCount)];
                    } else if (r < 90 || liveCount == 0) {
                        op = Op.PUT;
                        key = deadCount > 0 ? dead[deadCount - 1] : live[rnd.nextInt(liveCount)];
                    } else {
                        op = Op.DELETE;
                        key = live[rnd.nextInt(liveCount)];
                    }
                }
                default -> throw new IllegalStateException();
            }
            return true;
        }

        private int nextKey() {
            int k = cursor;
            cursor = cursor + 1 >= cfg.objects() ? 0 : cursor + 1;
            return k;
        }

        private void issue() throws IOException {
            switch (op) {
                case PUT -> {
                    body.clear();
                    conn.start(client.head("PUT", paths[key], "", body, payloadHash), body, false, false);
                }
                case GET -> conn.start(client.head("GET", paths[key], "", null, SigV4.EMPTY_SHA256), null, false,
                        false);
                case STAT -> conn.start(client.head("HEAD", paths[key], "", null, SigV4.EMPTY_SHA256), null, true,
                        false);
                case DELETE -> conn.start(client.head("DELETE", paths[key], "", null, SigV4.EMPTY_SHA256), null,
                        false, false);
                case LIST -> {
                    AsciiSink q = client.query();
                    if (continuation != null) {
                        q.append("continuation-token=").append(SigV4.uriEncode(continuation, true)).append('&');
                    }
                    q.append("list-type=2&max-keys=").append(cfg.pageSize());
                    if (!cfg.prefix().isEmpty()) q.append("&prefix=").append(SigV4.uriEncode(cfg.prefix(), true));
                    conn.start(client.head("GET", bucketPath, q, null, SigV4.EMPTY_SHA256), null, false, true);
                }
                default -> throw new IllegalStateException();
            }
        }

        /** Records the outcome of the request in flight ({@code error} null when a response arrived). */
        void finish(IOException error) {
            long end = System.nanoTime();
            int status = error == null ? conn.status() : -1;
            long bytes = 0;
            long items = 0;
            boolean ok;
            if (error != null) {
                ok = false;
                sample(op + " " + (key >= 0 ? paths[key] : bucketPath) + ": " + error);
            } else {
                switch (op) {
                    case PUT -> {
                        bytes = cfg.size();
                        ok = status == 200;
                    }
                    case GET -> {
                        bytes = conn.bodyBytes();
                        ok = status == 200 && bytes == cfg.size();
                    }
                    case STAT -> ok = status == 200;
                    case DELETE -> ok = status == 204 || status == 200;
                    case LIST -> {
                        bytes = conn.bodyBytes();
                        ok = status == 200;
                        if (ok) {
                            items = ListParsing.countKeys(conn.body());
                            continuation = ListParsing.nextToken(conn.body());
                        }
                    }
                    default -> throw new IllegalStateException();
                }
                if (!ok) {
                    sample(op + " " + (key >= 0 ? paths[key] : bucketPath) + ": HTTP " + status + " ("
                            + conn.bodyBytes() + " body bytes) " + snippet(conn.body()));
                }
            }
            if (op == Op.LIST && !ok) continuation = null;
            if (ok && cfg.workload() == Workload.MIXED) {
                if (op == Op.DELETE) moveToDead(key);
                else if (op == Op.PUT && deadCount > 0 && dead[deadCount - 1] == key) reviveLastDead();
            }
            // With a duration, an operation counts when it completes inside [measureFrom, deadline] (so requests in
            // flight at either edge balance out); with --requests, every request started after the warm-up counts.
            boolean counted = cfg.maxRequests() > 0 ? afterWarmup
                    : end - measureFrom >= 0 && end - deadline <= 0;
            if (!counted) return;
            if (end - lastEnd > 0) lastEnd = end;
            OpStats s = stats(op);
            if (ok) {
                s.ops++;
                s.bytes += bytes;
                s.items += items;
                s.latency.record(end - start);
                s.ttfb.record(conn.firstByteNanos() != 0 ? conn.firstByteNanos() - start : end - start);
                doneOps = doneOps + 1;
                doneBytes = doneBytes + bytes;
            } else {
                s.errors++;
                doneErrors = doneErrors + 1;
            }
        }

        private void moveToDead(int key) {
            for (int i = 0; i < liveCount; i++) {
                if (live[i] == key) {
                    live[i] = live[--liveCount];
                    dead[deadCount++] = key;
                    return;
                }
            }
        }

        private void reviveLastDead() {
            live[liveCount++] = dead[--deadCount];
        }
    }

    /** One event-loop thread driving a share of the workers' connections. */
    private final class Loop implements Runnable {
        final Selector selector;
        final List<Worker> workers = new ArrayList<>();
        final long hardStop;

        Loop(long hardStop) throws IOException {
            this.selector = Selector.open();
            this.hardStop = hardStop;
        }

        @Override
        public void run() {
            int active = 0;
            try {
                for (Worker w : workers) if (w.startNext()) active++;
                while (active > 0 && !stop) {
                    try {
                        selector.select(100);
                    } catch (IOException e) {
                        sample("select: " + e);
                        break;
                    }
                    var selected = selector.selectedKeys();
                    for (SelectionKey k : selected) {
                        LoopConnection c = (LoopConnection) k.attachment();
                        Worker w = (Worker) c.attachment;
                        boolean complete;
                        try {
                            complete = c.onReady(k);
                            if (complete) w.finish(null);
                        } catch (IOException | RuntimeException e) {
                            c.close();
                            w.finish(e instanceof IOException io ? io : new IOException(e));
                            complete = true;
                        }
                        if (complete && !w.startNext()) active--;
                    }
                    selected.clear();
                    if (System.nanoTime() - hardStop >= 0) stop = true;
                }
            } finally {
                for (Worker w : workers) {
                    w.conn.close();
                    w.client.close();
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }

    private void sample(String message) {
        if (errorSamples.size() < MAX_ERROR_SAMPLES) errorSamples.add(message);
    }

    static String snippet(AsciiSink body) {
        String s = body.asString(0, Math.min(body.length(), 300)).replaceAll("\\s+", " ");
        return s;
    }

    public Result run() throws InterruptedException {
        long now = System.nanoTime();
        long measureFrom = now + cfg.warmup().toNanos();
        long deadline = measureFrom + cfg.duration().toNanos();
        long hardStop = deadline + cfg.timeout().toNanos();
        int nLoops = Math.max(1, Math.min(cfg.concurrency(), cfg.threads()));
        List<Loop> loops = new ArrayList<>();
        List<Worker> workers = new ArrayList<>();
        try {
            for (int i = 0; i < nLoops; i++) loops.add(new Loop(hardStop));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector", e);
        }
        for (int i = 0; i < cfg.concurrency(); i++) {
            Loop loop = loops.get(i % nLoops);
            Worker w = new Worker(i, measureFrom, deadline, loop.selector);
            workers.add(w);
            loop.workers.add(w);
        }
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < nLoops; i++) {
            threads.add(Thread.ofPlatform().name("bench-loop-" + i).daemon(true).unstarted(loops.get(i)));
        }
        threads.forEach(Thread::start);
        // Progress, and the hard stop (deadline + timeout) for requests that never finish.
        long lastOps = 0;
        long lastBytes = 0;
        long lastTick = now;
        boolean tty = System.console() != null;
        long endedAt = -1;
        while (true) {
            boolean alive = false;
            for (Thread t : threads) {
                t.join(Math.max(1, Math.min(1000, (lastTick + 1_000_000_000L - System.nanoTime()) / 1_000_000)));
                if (t.isAlive()) {
                    alive = true;
                    break;
                }
            }
            long t = System.nanoTime();
            if (!alive) {
                endedAt = t;
                break;
            }
            if (t - hardStop >= 0) stop = true;
            if (t - lastTick >= 1_000_000_000L) {
                long ops = 0;
                long bytes = 0;
                long errs = 0;
                for (Worker w : workers) {
                    ops += w.doneOps;
                    bytes += w.doneBytes;
                    errs += w.doneErrors;
                }
                double dt = (t - lastTick) / 1e9;
                if (cfg.progress()) {
                    String phase = t - measureFrom < 0 ? "warmup" : cfg.workload().id();
                    double elapsed = Math.max(0, (t - measureFrom) / 1e9);
                    err.printf("%s[%5.1fs] %-6s %,10d ops %,10.0f ops/s %9.1f MB/s  errors %d%s",
                            tty ? "\r" : "", elapsed, phase, ops, (ops - lastOps) / dt, (bytes - lastBytes) / dt / 1e6,
                            errs, tty ? "   " : "\n");
                    err.flush();
                }
                lastOps = ops;
                lastBytes = bytes;
                lastTick = t;
            }
        }
        if (cfg.progress() && tty) err.println();
        EnumMap<Op, OpStats> byOp = new EnumMap<>(Op.class);
        OpStats total = new OpStats();
        for (Worker w : workers) {
            w.stats.forEach((op, s) -> byOp.computeIfAbsent(op, o -> new OpStats()).add(s));
            w.stats.values().forEach(total::add);
        }
        long measuredEnd = deadline;
        if (cfg.maxRequests() > 0 || endedAt - deadline < 0) {
            // Stopped by the request budget or because the work ran out (delete): up to the last completion.
            measuredEnd = measureFrom;
            for (Worker w : workers) if (w.lastEnd - measuredEnd > 0) measuredEnd = w.lastEnd;
        }
        double seconds = Math.max(0, (measuredEnd - measureFrom) / 1e9);
        return new Result(cfg, byOp, total, seconds, List.copyOf(errorSamples));
    }

    private interface WorkerBody {
        void run(int worker);
    }

    private static void runThreads(int n, WorkerBody body) throws InterruptedException {
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int w = i;
            ts.add(Thread.ofPlatform().name("bench-prep-" + i).daemon(true).start(() -> body.run(w)));
        }
        for (Thread t : ts) t.join();
    }
}
