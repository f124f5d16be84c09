package dev.panagrad.nn.data;

import static dev.panagrad.nn.data.DataLoaderTest.indexed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The DataLoader's background prefetch thread: same batches, failures delivered, no leaked threads. */
class PrefetchTest {
    private static final long THREAD_END_TIMEOUT_MILLIS = 10_000;

    /** A dataset that throws {@code failure} when sample {@code badIndex} is read, and counts its reads. */
    private static final class Failing implements Dataset<Example> {
        final TensorDataset data = indexed(40);
        final int badIndex;
        final Throwable failure;
        final AtomicInteger reads = new AtomicInteger();
        volatile String readerThread;

        Failing(int badIndex, Throwable failure) {
            this.badIndex = badIndex;
            this.failure = failure;
        }

        @Override
        public int size() {
            return data.size();
        }

        @Override
        public Example get(int index) {
            reads.incrementAndGet();
            readerThread = Thread.currentThread().getName();
            if (index == badIndex) {
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                throw (Error) failure;
            }
            return data.get(index);
        }
    }

    private static Set<Thread> prefetchThreads() {
        Set<Thread> live = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(PrefetchIterator.THREAD_PREFIX) && t.isAlive()) {
                live.add(t);
            }
        }
        return live;
    }

    /** Waits (collecting garbage meanwhile) until {@code condition} holds; false on timeout. */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + THREAD_END_TIMEOUT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            System.gc();
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static Set<Thread> startedSince(Set<Thread> before) {
        Set<Thread> now = prefetchThreads();
        now.removeAll(before);
        return now;
    }

    @Test
    void prefetchDeliversTheSameBatchesAsLoadingOnTheCallersThread() {
        DataLoader<Batch> prefetching = DataLoader.of(indexed(257), 16, DataLoader.options().shuffle(new Rng(5)).prefetch(3));
        DataLoader<Batch> direct = DataLoader.of(indexed(257), 16, DataLoader.options().shuffle(new Rng(5)).prefetch(0));
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Batch> a = new ArrayList<>();
            prefetching.forEach(a::add);
            List<Batch> b = new ArrayList<>();
            direct.forEach(b::add);
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(b.get(i).inputs().toFloatArray(), a.get(i).inputs().toFloatArray());
                assertArrayEquals(b.get(i).targets().toIntArray(), a.get(i).targets().toIntArray());
            }
        }
    }

    @Test
    void samplesAreReadOnThePrefetchThreadOrOnTheCallersWhenDisabled() {
        Failing background = new Failing(-1, null);
        DataLoader.of(background, 8).iterator().next();
        assertTrue(background.readerThread.startsWith(PrefetchIterator.THREAD_PREFIX), background.readerThread);
        Failing caller = new Failing(-1, null);
        DataLoader.of(caller, 8, DataLoader.options().prefetch(0)).iterator().next();
        assertEquals(Thread.currentThread().getName(), caller.readerThread);
    }

    @Test
    void anExceptionInGetReachesTheConsumerAtItsBatchWithItsCause() throws InterruptedException {
        for (int prefetch : new int[] {0, 2}) {
            Set<Thread> before = prefetchThreads();
            IllegalStateException failure = new IllegalStateException("disk on fire");
            var it = DataLoader.of(new Failing(13, failure), 4, DataLoader.options().prefetch(prefetch)).iterator();
            for (int b = 0; b < 3; b++) {
                assertArrayEquals(new int[] {4 * b, 4 * b + 1, 4 * b + 2, 4 * b + 3}, it.next().targets().toIntArray());
            }
            var e = assertThrows(DataLoaderException.class, it::next, "prefetch " + prefetch);
            assertSame(failure, e.getCause());
            assertTrue(e.getMessage().contains("batch 3 of epoch 0") && e.getMessage().contains("disk on fire"), e.getMessage());
            assertFalse(it.hasNext(), "the epoch ends at the failure");
            assertTrue(eventually(() -> startedSince(before).isEmpty()), "prefetch thread still alive");
        }
    }

    @Test
    void anErrorInGetIsRethrownAsItIs() {
        AssertionError failure = new AssertionError("broken invariant");
        var it = DataLoader.of(new Failing(0, failure), 4).iterator();
        assertSame(failure, assertThrows(AssertionError.class, it::next));
    }

    @Test
    void loadsAtMostPrefetchBatchesAheadOfTheConsumer() throws InterruptedException {
        Failing data = new Failing(-1, null);
        var it = DataLoader.of(data, 2, DataLoader.options().prefetch(3)).iterator();
        it.next();
        Thread.sleep(200);
        // consumed 1, queued ≤ 3, and ≤ 1 loaded batch waiting for room in the queue
        assertTrue(data.reads.get() <= 2 * (1 + 3 + 1), "read " + data.reads.get() + " samples");
        it.close();
    }

    @Test
    void afterACompleteEpochNoPrefetchThreadRemains() throws InterruptedException {
        Set<Thread> before = prefetchThreads();
        DataLoaderTest.indicesOf(DataLoader.of(indexed(50), 7));
        assertTrue(eventually(() -> startedSince(before).isEmpty()), "prefetch thread still alive");
    }

    @Test
    void closingTheIteratorStopsItsThread() throws InterruptedException {
        Set<Thread> before = prefetchThreads();
        var it = DataLoader.of(indexed(100), 2, DataLoader.options().prefetch(1)).iterator();
        it.next();
        assertEquals(1, startedSince(before).size());
        it.close();
        assertFalse(it.hasNext());
        assertTrue(eventually(() -> startedSince(before).isEmpty()), "prefetch thread still alive after close");
    }

    @Test
    void abandoningAnEpochMidwayLeavesNoLivePrefetchThread() throws InterruptedException {
        Set<Thread> before = prefetchThreads();
        takeTwoBatchesAndBreak(DataLoader.of(indexed(100), 2));
        assertEquals(1, startedSince(before).size(), "the thread waits for room in its full queue");
        assertTrue(eventually(() -> startedSince(before).isEmpty()), "abandoned prefetch thread still alive");
    }

    /** A for-each loop left with {@code break}; the iterator becomes unreachable when this returns. */
    private static void takeTwoBatchesAndBreak(DataLoader<Batch> loader) {
        int seen = 0;
        for (Batch b : loader) {
            if (++seen == 2) {
                break;
            }
        }
        assertEquals(2, seen);
    }

    /**
     * Loading overlaps the consumer's work: with 10 ms to load and 10 ms to consume each of 20
     * batches, loading on the caller's thread takes about 400 ms and prefetching about 200 ms.
     */
    @Test
    void prefetchingOverlapsLoadingWithTheTrainingStep() throws InterruptedException {
        long direct = epochMillis(0);
        long prefetched = epochMillis(2);
        assertTrue(prefetched < 0.8 * direct, "prefetching took " + prefetched + " ms, loading directly " + direct + " ms");
    }

    private static long epochMillis(int prefetch) throws InterruptedException {
        Dataset<Example> slow = indexed(20).map(e -> {
            sleep(10);
            return e;
        });
        long start = System.nanoTime();
        for (Batch b : DataLoader.of(slow, 1, DataLoader.options().prefetch(prefetch))) {
            sleep(10); // the training step
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
