package dev.rotor.compute;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Splits the rows of a product into one contiguous range per thread of an executor: the caller's thread computes
 * the first range itself and the executor the others, so a pool of N threads runs N ranges at once and a product
 * costs one hand-off per extra thread. A {@link WorkerTeam} takes the ranges without any hand-off (its workers wait
 * for them spinning). Every range computes exactly what one thread would (rows are independent), so results do not
 * depend on the split.
 */
final class RowParts {
    /** Rows per range are a multiple of this (keeps ranges apart by whole cache lines of output). */
    static final int ALIGN = 16;

    private RowParts() { }

    /** Computes rows {@code [from, to)} as range {@code part}. */
    @FunctionalInterface
    interface Range {
        void run(int part, int from, int to);
    }

    /** How many ranges {@code executor} runs at once: a team's or pool's threads, else the processors. */
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

    /** How many ranges {@code rows} rows split into on {@code executor}. */
    static int parts(int rows, Executor executor) {
        return Math.max(1, Math.min(parallelism(executor), rows / ALIGN));
    }

    /** First row of range {@code part} of {@code parts} (and {@code rows} for {@code part == parts}). */
    static int from(int rows, int parts, int part) {
        if (part >= parts) {
            return rows;
        }
        int per = (rows / parts + ALIGN - 1) / ALIGN * ALIGN;
        return Math.min(rows, part * per);
    }

    /** Runs {@code range} over {@code parts} ranges of {@code rows} rows; rethrows a range's exception. */
    static void run(int rows, int parts, Executor executor, Range range) {
        if (parts <= 1) {
            range.run(0, 0, rows);
            return;
        }
        if (executor instanceof WorkerTeam team && team.tryRun(rows, parts, range)) {
            return;
        }
        if (executor instanceof WorkerTeam) {           // busy or closed: the caller computes every range
            for (int p = 0; p < parts; p++) {
                range.run(p, from(rows, parts, p), from(rows, parts, p + 1));
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
