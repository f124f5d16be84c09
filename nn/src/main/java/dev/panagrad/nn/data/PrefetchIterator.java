package dev.panagrad.nn.data;

import java.lang.ref.WeakReference;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An epoch's iterator whose batches a background daemon thread loads ahead into a bounded queue.
 *
 * <p>The thread (a {@link Producer}) loads batches 0, 1, … in order and puts each in the queue,
 * then an end marker; a failure is put in the queue in place of its batch and ends the thread. The
 * thread holds the iterator only through a weak reference: while the queue is full it wakes every
 * {@value #POLL_MILLIS} ms, and ends when the iterator was closed or garbage-collected (abandoned).
 * The consumer likewise never waits forever: it notices a thread that died without a word.
 *
 * @param <B> the batch type
 */
final class PrefetchIterator<B> implements DataLoader.BatchIterator<B> {
    /** Thread names are {@code panagrad-prefetch-<n> (<what>)}. */
    static final String THREAD_PREFIX = "panagrad-prefetch-";
    private static final long POLL_MILLIS = 20;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final Object END = new Object();

    /** A loading failure, delivered in place of the batch that failed. */
    private record Failure(Throwable error) {}

    /** State shared by the iterator and its thread; it references neither. */
    private static final class Channel {
        final BlockingQueue<Object> queue;
        volatile boolean stopped;

        Channel(int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
        }
    }

    private final Channel channel;
    private final Thread thread;
    private Object pending;
    private boolean done;

    PrefetchIterator(int numBatches, IntFunction<B> load, int capacity, String what) {
        this.channel = new Channel(capacity);
        Producer producer = new Producer(channel, new WeakReference<>(this), numBatches, load);
        this.thread = Thread.ofPlatform().daemon().name(THREAD_PREFIX + THREADS.incrementAndGet() + " (" + what + ")")
                .unstarted(producer);
        thread.start();
    }

    @Override
    public boolean hasNext() {
        if (done) {
            return false;
        }
        if (pending == null) {
            pending = take();
        }
        if (pending == END) {
            pending = null;
            done = true;
            return false;
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public B next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: the epoch has no more batches");
        }
        Object item = pending;
        pending = null;
        if (item instanceof Failure(Throwable error)) {
            close();
            if (error instanceof RuntimeException e) {
                throw e;
            }
            if (error instanceof Error e) {
                throw e;
            }
            throw new DataLoaderException("DataLoader: the prefetch thread failed: " + error, error);
        }
        return (B) item;
    }

    private Object take() {
        try {
            while (true) {
                Object item = channel.queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (item != null) {
                    return item;
                }
                if (!thread.isAlive() && channel.queue.isEmpty()) {
                    close();
                    throw new IllegalStateException("DataLoader: the prefetch thread " + thread.getName()
                            + " ended without delivering the next batch");
                }
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("DataLoader: interrupted while waiting for the next batch", e);
        }
    }

    @Override
    public void close() {
        done = true;
        pending = null;
        channel.stopped = true;
        thread.interrupt();
        channel.queue.clear();
    }

    /** The loading thread's work; it must not reference the iterator strongly. */
    private static final class Producer implements Runnable {
        private final Channel channel;
        private final WeakReference<?> consumer;
        private final int numBatches;
        private final IntFunction<?> load;

        Producer(Channel channel, WeakReference<?> consumer, int numBatches, IntFunction<?> load) {
            this.channel = channel;
            this.consumer = consumer;
            this.numBatches = numBatches;
            this.load = load;
        }

        @Override
        public void run() {
            for (int b = 0; b < numBatches; b++) {
                Object batch;
                try {
                    batch = load.apply(b);
                } catch (Throwable t) { // delivered to the consumer, which rethrows it
                    put(new Failure(t));
                    return;
                }
                if (!put(batch)) {
                    return;
                }
            }
            put(END);
        }

        /** Waits for room in the queue; false once the consumer closed or abandoned the iterator. */
        private boolean put(Object item) {
            try {
                while (!channel.stopped) {
                    if (channel.queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                    if (consumer.get() == null) {
                        return false;
                    }
                }
            } catch (InterruptedException e) {
                return false; // close() interrupts; the thread simply ends
            }
            return false;
        }
    }
}
