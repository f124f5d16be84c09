package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared worker pool: coverage, inline cases, exception propagation, re-entrancy and concurrent callers. */
class ParallelTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final List<Parallel> pools = new ArrayList<>();

    private Parallel pool(int threads) {
        Parallel p = new Parallel(threads, "test-worker");
        pools.add(p);
        return p;
    }

    @AfterEach
    void shutdown() {
        pools.forEach(Parallel::shutdown);
    }

    @Test
    void sharedPoolSizeFollowsThePropertyOrTheProcessorCount() {
        int expected = Integer.getInteger("panagrad.threads", Runtime.getRuntime().availableProcessors());
        assertEquals(expected, Parallel.threads());
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        Parallel p = pool(3);
        for (int n : new int[] {1, 2, 3, 4, 7, 100, 1001}) {
            for (int grain : new int[] {1, 2, 5, 64}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                p.run(n, grain, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "n=" + n + " grain=" + grain + " index " + i);
                }
            }
        }
    }

    @Test
    void chunksAreAtMostFourPerThreadAndAtLeastGrainLong() {
        Parallel p = pool(3);
        List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
        p.run(100, 40, (from, to) -> chunks.add(new int[] {from, to}));
        assertEquals(2, chunks.size(), "100 / 40 allows two chunks");
        chunks.forEach(c -> assertTrue(c[1] - c[0] >= 40, "chunk " + c[0] + ".." + c[1]));
        chunks.clear();
        p.run(1000, 1, (from, to) -> chunks.add(new int[] {from, to}));
        assertEquals(3 * Parallel.CHUNKS_PER_THREAD, chunks.size(), "never more than CHUNKS_PER_THREAD per thread");
    }

    @Test
    void chunksPerThreadAreExactWhateverTheLength() {
        Parallel p = pool(2);
        for (int n : new int[] {1, 3, 17, 49, 1000}) {
            for (int perThread : new int[] {1, 2}) {
                List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                p.runPerThread(n, perThread, (from, to) -> {
                    chunks.add(new int[] {from, to});
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                String what = "n=" + n + " perThread=" + perThread;
                assertEquals(Math.min(n, 2 * perThread), chunks.size(), what); // 17 row groups: two chunks, not one
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), what + " index " + i);
                }
                int shortest = chunks.stream().mapToInt(c -> c[1] - c[0]).min().orElseThrow();
                int longest = chunks.stream().mapToInt(c -> c[1] - c[0]).max().orElseThrow();
                assertTrue(longest - shortest <= 1, what + ": chunks of nearly equal size");
            }
        }
    }

    @Test
    void aSlowThreadRunsFewerChunks() {
        Parallel p = pool(2);
        Thread caller = Thread.currentThread();
        AtomicInteger byCaller = new AtomicInteger();
        p.run(8, 1, (from, to) -> {
            if (Thread.currentThread() == caller) {
                byCaller.incrementAndGet();
            } else {
                LockSupport.parkNanos(20_000_000); // a worker 20 ms late per chunk: the caller takes the rest
            }
        });
        assertTrue(byCaller.get() >= 6, "the caller ran " + byCaller.get() + " of 8 chunks");
    }

    @Test
    void workBelowTheGrainRunsOnTheCaller() {
        Parallel p = pool(2);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        p.run(9, 10, (from, to) -> used.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), used);
    }

    @Test
    void aSingleThreadPoolRunsEverythingOnTheCaller() {
        Parallel p = pool(1);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        p.run(1000, 1, (from, to) -> used.add(Thread.currentThread()));
        assertEquals(Set.of(Thread.currentThread()), used);
    }

    @Test
    void chunksRunConcurrentlyOnWorkers() {
        Parallel p = pool(2);
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        assertTimeoutPreemptively(TIMEOUT, () -> p.run(2, 1, (from, to) -> {
            used.add(Thread.currentThread());
            try {
                bothRunning.await(10, TimeUnit.SECONDS); // only returns if the other chunk runs at the same time
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        assertEquals(2, used.size());
        List<Thread> workers = used.stream().filter(t -> t.getName().startsWith("test-worker")).toList();
        assertEquals(1, workers.size(), "one chunk ran on the caller, one on the worker");
        assertTrue(workers.get(0).isDaemon(), "workers are daemon threads");
    }

    @Test
    void anExceptionInAWorkerChunkReachesTheCaller() {
        Parallel p = pool(2);
        IllegalArgumentException thrown = new IllegalArgumentException("chunk failed");
        for (int repeat = 0; repeat < 20; repeat++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.run(2, 1, (from, to) -> {
                if (from == 1) {
                    throw thrown;
                }
            }));
            assertSame(thrown, e);
        }
        AssertionError error = assertThrows(AssertionError.class, () -> p.run(2, 1, (from, to) -> {
            throw new AssertionError("an Error too");
        }));
        assertEquals("an Error too", error.getMessage());
    }

    @Test
    void thePoolKeepsWorkingAfterAFailure() {
        Parallel p = pool(2);
        assertThrows(IllegalStateException.class, () -> p.run(10, 1, (from, to) -> {
            throw new IllegalStateException();
        }));
        AtomicLong sum = new AtomicLong();
        p.run(10, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                sum.addAndGet(i);
            }
        });
        assertEquals(45, sum.get());
    }

    @Test
    void aNestedCallFromInsideABodyRunsInlineWithoutDeadlock() {
        Parallel p = pool(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(16 * 16);
        assertTimeoutPreemptively(TIMEOUT, () -> p.run(16, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i;
                p.run(16, 1, (f, t) -> {
                    for (int j = f; j < t; j++) {
                        hits.incrementAndGet(row * 16 + j);
                    }
                });
            }
        }));
        for (int i = 0; i < hits.length(); i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    void concurrentCallersFromManyThreadsAllGetCorrectResults() throws InterruptedException {
        Parallel p = pool(2);
        int callers = 6;
        long[] sums = new long[callers];
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int id = c;
            threads[c] = new Thread(() -> {
                for (int repeat = 0; repeat < 300; repeat++) {
                    AtomicLong sum = new AtomicLong();
                    p.run(1000, 10, (from, to) -> {
                        long s = 0;
                        for (int i = from; i < to; i++) {
                            s += i;
                        }
                        sum.addAndGet(s);
                    });
                    sums[id] += sum.get();
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join(TIMEOUT.toMillis());
            assertTrue(!t.isAlive(), "a caller is stuck");
        }
        for (long s : sums) {
            assertEquals(300L * 999 * 1000 / 2, s);
        }
    }
}
