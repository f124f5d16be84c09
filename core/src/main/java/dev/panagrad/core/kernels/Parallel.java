package dev.panagrad.core.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The worker pool shared by all of core: {@code threads − 1} daemon workers plus the calling thread,
 * sized by {@code -Dpanagrad.threads} (default {@link Runtime#availableProcessors()}) and resizable with
 * {@link #setThreads}.
 *
 * <p>{@link #forRange} cuts {@code [0, n)} into up to {@value #CHUNKS_PER_THREAD} contiguous chunks per
 * thread, which the caller and the workers claim one at a time from a shared counter; the caller waits
 * for the last. More chunks than threads balance the load when the threads do not run at the same
 * speed: on this kind of virtual machine one of two vCPUs running vector code often runs 1.7× slower
 * than the other (measured: two single-threaded GEMMs side by side, 116 and 197 µs, against 125 µs
 * each alone), and with one chunk per thread the slow thread's half set the time. Hand-off is a volatile job slot that idle workers spin on
 * briefly and then park on, which costs a few microseconds where an {@code ExecutorService} future
 * costs tens. The design stays simple on purpose:
 * <ul>
 *   <li>the body runs on the caller alone when {@code n < grain}, when there is one thread, when the
 *       caller is itself a worker (re-entrant use), or when another thread holds the pool — so nested
 *       or concurrent calls never deadlock, they just run serially;</li>
 *   <li>the first exception thrown by any chunk is rethrown to the caller once every chunk has finished;</li>
 *   <li>which thread runs a chunk varies, but chunk boundaries depend only on {@code n}, {@code grain}
 *       and the thread count. Kernels compute each output element in one chunk in a fixed order, which
 *       makes their results independent of the thread count.</li>
 * </ul>
 */
public final class Parallel {
    /** A loop body over the half-open index range {@code [from, to)}. */
    @FunctionalInterface
    public interface IntRangeBody {
        /** Runs the indices {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /** The most chunks {@link #forRange} cuts per thread (each at least {@code grain} indices). */
    public static final int CHUNKS_PER_THREAD = 4;

    /**
     * How long an idle worker, or a caller waiting for workers, spins before parking. A training step's serial
     * stretches between parallel ops (allocating and zeroing an output, the tape's bookkeeping) often last longer
     * than 50 µs: with that limit the worker was parked at about half the hand-offs of the MLP workload (3,000
     * parks a second, each waking it through the kernel), with 300 µs at one in twenty, and the MLP step took
     * 0.94–1.11 instead of 1.09–1.20 ms, the LSTM step 13.1–17.3 instead of 15.7–20.4 ms (interleaved runs). The
     * cost is up to 300 µs of one core spinning after the last parallel op of a burst.
     */
    private static final long SPIN_NANOS = 300_000;

    private static final String WORKER_NAME = "panagrad-worker";

    /** The shared pool; replaced (never mutated) by {@link #setThreads}. */
    private static volatile Parallel shared = new Parallel(configuredThreads(), WORKER_NAME);

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Job current;
    private volatile boolean shutdown;

    /** A pool of {@code threads} threads: the caller plus {@code threads − 1} daemon workers named {@code name-i}. */
    Parallel(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("Parallel: need at least one thread, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(this, name + "-" + (i + 1));
            workers[i].start();
        }
    }

    /** The number of threads of the shared pool, the caller included. */
    public static int threads() {
        return shared.threads;
    }

    /**
     * Replaces the shared pool by one of {@code threads} threads (the caller included). Calls already
     * running finish on the old pool, whose workers then stop; results do not depend on the thread
     * count (see the class comment), so changing it between steps changes speed only.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("setNumThreads: need at least one thread, got " + threads);
        }
        Parallel old = shared;
        if (old.threads != threads) {
            shared = new Parallel(threads, WORKER_NAME);
            old.shutdown();
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} on the shared pool, split into at most
     * {@link #CHUNKS_PER_THREAD} × {@link #threads()} chunks of at least {@code grain} indices each;
     * returns when all of them are done.
     *
     * @throws RuntimeException or Error: the first one a chunk threw
     */
    public static void forRange(int n, int grain, IntRangeBody body) {
        shared.run(n, grain, body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} on the shared pool in {@code perThread} × {@link #threads()} chunks of
     * (nearly) equal size, or {@code n} chunks of one index when {@code n} is smaller: for a body whose every chunk
     * costs extra (repacking a shared operand), which bounds the chunks per thread. A minimum chunk size expressed
     * as a grain could not: {@code n / ⌈n / k⌉} chunks are fewer than k for most n (49 panels in grains of 13 made 3
     * chunks for two threads, 17 row groups in grains of 9 made one).
     *
     * @throws RuntimeException or Error: the first one a chunk threw
     */
    public static void forChunks(int n, int perThread, IntRangeBody body) {
        shared.runPerThread(n, perThread, body);
    }

    /** {@link #forChunks} on this pool. */
    void runPerThread(int n, int perThread, IntRangeBody body) {
        runChunks(n, (int) Math.min(n, (long) threads * Math.max(1, perThread)), body);
    }

    /** {@link #forRange} on this pool. */
    void run(int n, int grain, IntRangeBody body) {
        runChunks(n, (int) Math.min((long) threads * CHUNKS_PER_THREAD, n / Math.max(1, grain)), body);
    }

    /** Runs {@code body} over {@code [0, n)} on this pool, cut into {@code chunks} chunks. */
    void runChunks(int n, int chunks, IntRangeBody body) {
        if (n <= 0) {
            return;
        }
        if (chunks <= 1 || threads == 1 || Thread.currentThread() instanceof Worker || !busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            Job job = new Job(body, n, chunks, Thread.currentThread());
            current = job;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
            job.work();
            job.awaitDone();
            Throwable error = job.error.get();
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            if (error != null) { // a checked exception thrown sneakily: never drop it
                throw new IllegalStateException("Parallel: a chunk failed", error);
            }
        } finally {
            current = null; // drop the job (and the arrays its body captured) before releasing the pool
            busy.set(false);
        }
    }

    /** Stops this pool's workers once they are idle (for pools other than the shared one, e.g. in tests). */
    void shutdown() {
        shutdown = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private static int configuredThreads() {
        String value = System.getProperty("panagrad.threads");
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("-Dpanagrad.threads must be a positive integer, got '" + value + "'");
    }

    /** One forRange call: chunks are claimed from a counter by the caller and the workers alike. */
    private static final class Job {
        final IntRangeBody body;
        final int n;
        final int chunks;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Job(IntRangeBody body, int n, int chunks, Thread caller) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.caller = caller;
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int c; (c = next.getAndIncrement()) < chunks; ) {
                try {
                    if (error.get() == null) {
                        body.run((int) ((long) c * n / chunks), (int) ((long) (c + 1) * n / chunks));
                    }
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                } finally {
                    if (done.incrementAndGet() == chunks && Thread.currentThread() != caller) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /** Waits (spin, then park) until every chunk has finished. */
        void awaitDone() {
            long start = System.nanoTime();
            while (done.get() < chunks) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }
    }

    /** A daemon thread that runs chunks of each new job it sees. */
    private static final class Worker extends Thread {
        private final Parallel pool;

        Worker(Parallel pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            while (!pool.shutdown) {
                Job job = pool.current;
                if (job == null || job == seen) {
                    idle(seen);
                    continue;
                }
                seen = job;
                job.work();
            }
        }

        /** Spins briefly, then parks, until a job other than {@code seen} is posted or the pool shuts down. */
        private void idle(Job seen) {
            long start = System.nanoTime();
            for (Job job = pool.current; (job == null || job == seen) && !pool.shutdown; job = pool.current) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(pool);
                }
            }
        }
    }
}
