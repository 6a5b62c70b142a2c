package dev.rotor.compute;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

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
        if (executor instanceof ThreadPoolExecutor pool) {
            return pool.getMaximumPoolSize();
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** How many shares {@code rows} rows split into on {@code executor}. */
    static int parts(int rows, Executor executor) {
        return Math.max(1, Math.min(parallelism(executor), rows / ALIGN));
    }

    /** First row of share {@code part} of {@code parts} (and {@code rows} for {@code part == parts}). */
    static int from(int rows, int parts, int part) {
        if (part >= parts) {
            return rows;
        }
        int per = (rows / parts + ALIGN - 1) / ALIGN * ALIGN;
        return Math.min(rows, part * per);
    }

    /**
     * Runs {@code range} over {@code parts} shares of {@code rows} rows on {@code executor} (null: the caller alone);
     * rethrows a range's exception. {@code chunked}: a short product (one token), whose shares a {@link WorkerTeam}
     * cuts into chunks.
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
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] others = new CompletableFuture[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            others[p - 1] = CompletableFuture.runAsync(
                    () -> range.run(part, from(rows, parts, part), from(rows, parts, part + 1)), executor);
        }
        range.run(0, 0, from(rows, parts, 1));
        try {
            CompletableFuture.allOf(others).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
