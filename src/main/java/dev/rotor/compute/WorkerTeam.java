package dev.rotor.compute;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small team of threads for the products of {@link TernaryMatrix} and {@link BitLinear}, made for calls that take
 * well under a millisecond (decoding one token): the calling thread computes its own share of the rows, and the
 * workers, which spin for {@value #SPIN_MICROS} microseconds after each call before they sleep, start on theirs
 * without the wake-up of a pool thread. Shares of a single token's product are cut into {@value #CHUNKS} chunks,
 * each claimed before it runs: a thread done with its own share takes the chunks nobody has started, so a thread
 * the system stops for a while (a busy machine) delays a product by at most one chunk.
 * Pass the team wherever the API takes an {@code Executor}:
 * <pre>{@code
 * try (WorkerTeam team = WorkerTeam.of(2)) {       // the caller and one worker
 *     layer.forward(x, y, 1, ws, team);
 * }
 * }</pre>
 * One product runs on the team at a time; a product that finds the team busy (another thread's product, or a call
 * from inside a worker) runs on its caller's thread alone, with the same results. As a plain {@link Executor}
 * ({@link #execute}) the team runs the command on the calling thread. Workers are daemon threads; {@link #close}
 * stops them.
 */
public final class WorkerTeam implements Executor, AutoCloseable {
    /** How long an idle worker spins, waiting for the next product, before it parks. */
    static final long SPIN_MICROS = 200;
    /** Most threads in a team. */
    static final int MAX_THREADS = 64;
    /** Chunks per share of a short product ({@link RowParts#run} with {@code chunked}). */
    static final int CHUNKS = 4;
    private static final long SPIN_NANOS = SPIN_MICROS * 1000;
    /** A claim word: the product's epoch (high 32 bits), its chunks per share (16 bits), the next chunk (16 bits). */
    private static final int EPOCH_SHIFT = 32;
    private static final int CHUNKS_SHIFT = 16;
    private static final long COUNT_MASK = 0xFFFF;

    private final Worker[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    /** Chunks of the current product not yet finished. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Per share: the claim word of the product it belongs to (a stale product's claims fail). */
    private final AtomicLongArray claims;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Incremented to publish a product; its fields below are written before its claim words and the epoch. */
    private volatile int epoch;
    private volatile boolean closed;
    private RowParts.Range range;
    private int rows;
    private int parts;

    private WorkerTeam(int threads) {
        claims = new AtomicLongArray(threads);
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    /**
     * A team of {@code threads} threads in all: the caller of each product and {@code threads - 1} workers.
     *
     * @throws IllegalArgumentException if {@code threads} is not 1 to {@value #MAX_THREADS}
     */
    public static WorkerTeam of(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads is " + threads + ", must be 1 to " + MAX_THREADS);
        }
        return new WorkerTeam(threads);
    }

    /** Threads that compute a product: the caller and the workers. */
    public int threads() {
        return workers.length + 1;
    }

    /** Runs {@code command} on the calling thread (the team only splits products). */
    @Override
    public void execute(Runnable command) {
        command.run();
    }

    /**
     * Stops the workers once a product running on the team is done; later products run on the caller alone. Called
     * from a worker (inside a product), it only marks the team closed: waiting for the product would wait for itself.
     */
    @Override
    public void close() {
        boolean fromWorker = isWorker(Thread.currentThread());
        if (!fromWorker) {
            busy.lock();                                 // a product running on the team finishes first
        }
        try {
            closed = true;
        } finally {
            if (!fromWorker) {
                busy.unlock();
            }
        }
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /**
     * Runs {@code range} over {@code parts} shares of {@code rows} rows ({@link RowParts#run}), each cut into
     * {@code chunks} chunks: thread i (the caller is 0) takes the chunks of share i, then any chunk left. Returns
     * false, having run nothing, if the team is closed or busy.
     */
    boolean tryRun(int rows, int parts, int chunks, RowParts.Range range) {
        if (parts > threads() || busy.isHeldByCurrentThread() || !busy.tryLock()) {
            return false;
        }
        try {
            if (closed) {
                return false;
            }
            this.range = range;
            this.rows = rows;
            this.parts = parts;
            failure.set(null);
            pending.set(parts * chunks);
            int next = epoch + 1;
            for (int q = 0; q < claims.length(); q++) {  // makes the fields above visible to whoever claims
                claims.set(q, q < parts ? (long) next << EPOCH_SHIFT | (long) chunks << CHUNKS_SHIFT : 0);
            }
            epoch = next;
            for (int i = 0; i < parts - 1; i++) {
                if (workers[i].parked) {
                    LockSupport.unpark(workers[i].thread);
                }
            }
            work(0, next);
            while (pending.get() != 0) {                 // chunks still running on workers, even if one failed
                Thread.onSpinWait();
            }
            RowParts.rethrow(failure.get());
            return true;
        } finally {
            this.range = null;
            busy.unlock();
        }
    }

    private boolean isWorker(Thread thread) {
        for (Worker w : workers) {
            if (w.thread == thread) {
                return true;
            }
        }
        return false;
    }

    /** Thread {@code slot}'s part of product {@code product}: its own share's chunks first, then any left. */
    private void work(int slot, int product) {
        for (int i = 0; i < claims.length(); i++) {
            int share = (slot + i) % claims.length();
            for (int chunk = claim(share, product); chunk >= 0; chunk = claim(share, product)) {
                run(slot, share, chunk);
            }
        }
    }

    /**
     * Takes the next chunk of {@code share} of {@code product}: its number, or -1 if none is left or the share
     * belongs to another product (a worker that saw a product late). A chunk taken means the product is not done,
     * so its fields are still those written before its claim words.
     */
    private int claim(int share, int product) {
        while (true) {
            long word = claims.get(share);
            int chunk = (int) (word & COUNT_MASK);
            if ((int) (word >>> EPOCH_SHIFT) != product || chunk >= (int) (word >>> CHUNKS_SHIFT & COUNT_MASK)) {
                return -1;
            }
            if (claims.compareAndSet(share, word, word + 1)) {
                return chunk;
            }
        }
    }

    /** Runs chunk {@code chunk} of share {@code share} on thread {@code slot}, keeps the first failure, counts it. */
    private void run(int slot, int share, int chunk) {
        try {
            int chunks = (int) (claims.get(share) >>> CHUNKS_SHIFT & COUNT_MASK);
            int from = RowParts.from(rows, parts, share);
            int to = RowParts.from(rows, parts, share + 1);
            int per = RowParts.alignUp((to - from + chunks - 1) / chunks);
            int start = Math.min(to, from + chunk * per);
            int end = Math.min(to, start + per);
            if (start < end) {
                range.run(slot, start, end);
            }
        } catch (Throwable e) {                          // even a checked one thrown sneakily: never escapes
            failure.compareAndSet(null, e);
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Worker {@code index}: works on each product it sees (slot {@code index}), spins a while, then parks. */
    private final class Worker implements Runnable {
        final int index;
        final Thread thread;
        /** Set before the worker re-checks the epoch and parks; the caller unparks it if set. */
        volatile boolean parked;

        Worker(int index) {
            this.index = index;
            this.thread = new Thread(this, "rotor-worker-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0;                                // no product is published before the workers exist
            long idleSince = System.nanoTime();
            while (!closed) {
                int e = epoch;
                if (e != seen) {
                    seen = e;
                    work(index, e);
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;                       // then re-read the epoch: a product published meanwhile
                    if (epoch == seen && !closed) {      // either sees parked or is seen here
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
        }
    }
}
