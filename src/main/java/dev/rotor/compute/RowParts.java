package dev.rotor.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Splits the rows of a product into one contiguous share per thread of an executor: the caller's thread computes
 * the first share itself and the executor the others, so a pool of N threads runs N shares at once and a product
 * costs one hand-off per extra thread. A {@link WorkerTeam} takes the shares without any hand-off (its workers wait
 * for them spinning) and, for short products, cuts them into chunks that an idle thread may take over. Every range
 * computes exactly what one thread would (rows are independent), so results do not depend on the split.
 */
final class RowParts {
    /** Rows per share and chunk are a multiple of this (keeps them apart by whole cache lines of output). */
    static final int ALIGN = 16;

    private RowParts() { }

    /**
     * Computes rows {@code [from, to)} on the thread numbered {@code slot}: 0 for the caller, and no two threads of
     * one product share a slot (per-thread scratch memory is indexed by it). Slots are below the executor's
     * {@link #parallelism}.
     */
    @FunctionalInterface
    interface Range {
        void run(int slot, int from, int to);
    }

    /** How many shares {@code executor} runs at once: a team's or pool's threads, else the processors. */
    static int parallelism(Executor executor) {
        if (executor instanceof WorkerTeam team) {
            return team.threads();
        }
        if (executor instanceof ForkJoinPool pool) {
            return pool.getParallelism();
        }
        if (executor instanceof ThreadPoolExecutor pool) {     // a cached pool's maximum is Integer.MAX_VALUE
            return Math.min(pool.getMaximumPoolSize(),
                    Math.max(pool.getCorePoolSize(), Runtime.getRuntime().availableProcessors()));
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** How many shares {@code rows} rows split into on {@code executor} (null: one, the caller's). */
    static int parts(int rows, Executor executor) {
        return executor == null ? 1 : Math.max(1, Math.min(parallelism(executor), rows / ALIGN));
    }

    /** {@code n} rounded up to a multiple of {@link #ALIGN}. */
    static int alignUp(int n) {
        return (n + ALIGN - 1) / ALIGN * ALIGN;
    }

    /** First row of share {@code part} of {@code parts} (and {@code rows} for {@code part == parts}). */
    static int from(int rows, int parts, int part) {
        if (part >= parts) {
            return rows;
        }
        int per = alignUp(rows / parts);
        return Math.min(rows, part * per);
    }

    /**
     * Slots the ranges of a product of {@code parts} shares on {@code executor} may use: a team's threads (its idle
     * workers take chunks of any share), else one per share.
     */
    static int slots(int parts, Executor executor) {
        return executor instanceof WorkerTeam team ? team.threads() : parts;
    }

    /**
     * Runs {@code range} over {@code parts} shares of {@code rows} rows on {@code executor} (null: the caller alone);
     * rethrows a range's exception once every share that started has finished, so that none writes its outputs after
     * this returns. {@code chunked}: a short product (one token), whose shares a {@link WorkerTeam} cuts into chunks.
     * On another executor the caller computes the first share, then every share the executor has not started yet
     * (slot = share), so a product never waits for a queue: not even when the caller is itself one of the
     * executor's threads and the others are busy.
     */
    static void run(int rows, int parts, boolean chunked, Executor executor, Range range) {
        if (parts <= 1) {
            range.run(0, 0, rows);
            return;
        }
        if (executor instanceof WorkerTeam team) {
            if (!team.tryRun(rows, parts, chunked ? WorkerTeam.CHUNKS : 1, range)) {
                range.run(0, 0, rows);                   // busy or closed: the caller computes every row
            }
            return;
        }
        Share share = (slot, part) -> range.run(slot, from(rows, parts, part), from(rows, parts, part + 1));
        AtomicIntegerArray taken = new AtomicIntegerArray(parts);  // 1 once a thread has taken the share
        List<CompletableFuture<Void>> submitted = new ArrayList<>();
        Throwable failure = null;
        try {
            for (int p = 1; p < parts; p++) {
                int part = p;
                submitted.add(CompletableFuture.runAsync(() -> {
                    if (taken.compareAndSet(part, 0, 1)) {
                        share.run(part, part);
                    }
                }, executor));
            }
            share.run(0, 0);
        } catch (RuntimeException | Error e) {
            failure = e;                                 // a share failed, or the executor refused one
        }
        for (int p = 1; p < parts; p++) {
            try {
                if (taken.compareAndSet(p, 0, 1)) {
                    if (failure == null) {
                        share.run(p, p);
                    }
                } else {
                    submitted.get(p - 1).join();         // started on the executor: wait for it
                }
            } catch (CompletionException e) {
                failure = failure != null ? failure : e.getCause();
            } catch (RuntimeException | Error e) {
                failure = failure != null ? failure : e;
            }
        }
        rethrow(failure);
    }

    /** Share {@code part} of a product, computed on thread {@code slot}. */
    @FunctionalInterface
    private interface Share {
        void run(int slot, int part);
    }

    /**
     * Throws {@code failure} (if not null) as it is when unchecked, else wrapped in a {@link CompletionException}.
     */
    static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new CompletionException(failure);
        }
    }
}
