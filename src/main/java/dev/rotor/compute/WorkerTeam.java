package dev.rotor.compute;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small team of threads for the products of {@link TernaryMatrix} and {@link BitLinear}, made for calls that take
 * well under a millisecond (decoding one token): the calling thread computes its own share of the rows, and the
 * workers, which spin for {@value #SPIN_MICROS} microseconds after each call before they sleep, start on theirs
 * without the wake-up of a pool thread. Each share is claimed before it runs, and the caller, once done with its
 * own, takes any share a worker has not started (a worker the system has not scheduled costs no waiting).
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
    /** Most threads in a team: one bit each in the claims of a product. */
    static final int MAX_THREADS = Long.SIZE;
    private static final long SPIN_NANOS = SPIN_MICROS * 1000;

    private final Worker[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    /** Shares of the current product not yet finished, the caller's excepted. */
    private final AtomicInteger pending = new AtomicInteger();
    /** Bit p set: share p of the current product is taken. */
    private final AtomicLong claimed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Incremented to publish a job; the job fields below are written before it, read after it. */
    private volatile long epoch;
    private volatile boolean closed;
    private RowParts.Range range;
    private int rows;
    private int parts;

    private WorkerTeam(int threads) {
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

    /** Stops the workers once a product running on the team is done; later products run on the caller alone. */
    @Override
    public void close() {
        busy.lock();
        try {
            closed = true;
        } finally {
            busy.unlock();
        }
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    /**
     * Runs {@code range} over {@code parts} ranges of {@code rows} rows ({@link RowParts#run}): the caller takes
     * range 0, worker i range i, and the caller any range not yet taken. Returns false, having run nothing, if the
     * team is closed or busy.
     */
    boolean tryRun(int rows, int parts, RowParts.Range range) {
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
            pending.set(parts - 1);
            claimed.set(1L);                             // the fields above are visible to whoever claims a share
            epoch++;
            for (int i = 0; i < parts - 1; i++) {
                if (workers[i].parked) {
                    LockSupport.unpark(workers[i].thread);
                }
            }
            share(0);
            for (int p = 1; p < parts; p++) {
                if (claim(p)) {
                    share(p);
                }
            }
            while (pending.get() != 0) {                 // the workers' shares, even if the caller's failed
                Thread.onSpinWait();
            }
            Throwable e = failure.get();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            if (e instanceof Error r) {
                throw r;
            }
            return true;
        } finally {
            this.range = null;
            busy.unlock();
        }
    }

    /** Takes share {@code part} of the current product; false if someone has. */
    private boolean claim(int part) {
        long bit = 1L << part;
        return (claimed.getAndAccumulate(bit, WorkerTeam::or) & bit) == 0;
    }

    private static long or(long a, long b) {
        return a | b;
    }

    /** Runs share {@code part}, keeps its first failure, and counts it finished (share 0 is not counted). */
    private void share(int part) {
        try {
            range.run(part, RowParts.from(rows, parts, part), RowParts.from(rows, parts, part + 1));
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        } finally {
            if (part != 0) {
                pending.decrementAndGet();
            }
        }
    }

    /** Worker {@code index}: runs range {@code index} of each product it sees, spins a while, then parks. */
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
            long seen = 0;                               // no product is published before the workers exist
            long idleSince = System.nanoTime();
            while (!closed) {
                long e = epoch;
                if (e != seen) {
                    seen = e;
                    work();
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

        /**
         * Runs share {@code index} if this worker claims it first. A worker that saw a product late may claim the
         * share of the next one instead: the claim shows it that product's fields, so it computes that one's share.
         */
        private void work() {
            if (!claim(index)) {
                return;
            }
            if (index < parts) {                         // else the product has fewer shares than the team threads
                share(index);
            }
        }
    }
}
