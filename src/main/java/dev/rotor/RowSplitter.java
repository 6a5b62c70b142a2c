package dev.rotor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Splits a matrix into row ranges and runs a task on each, on an executor. Ranges are big enough
 * (about {@value #TARGET_TASK_BYTES} bytes of input) that task overhead is noise, and small inputs
 * run on the caller's thread.
 */
final class RowSplitter {
    /** Input bytes per task: large enough to amortize scheduling, small enough to balance two or more cores. */
    static final long TARGET_TASK_BYTES = 1L << 20;

    private RowSplitter() { }

    /** Converts rows {@code [firstRow, endRow)} and returns how many bad weights it met. */
    @FunctionalInterface
    interface RowTask {
        long run(int firstRow, int endRow);
    }

    /** Runs {@code task} over all rows, split across {@code executor}; returns the sum of the tasks' counts. */
    static long run(int rows, long inputBytesPerRow, Executor executor, RowTask task) {
        if (executor == null) {
            throw new IllegalArgumentException("executor is null");
        }
        long rowsPerTask = Math.max(1, TARGET_TASK_BYTES / Math.max(1, inputBytesPerRow));
        if (rowsPerTask >= rows) {
            return task.run(0, rows);
        }
        List<CompletableFuture<Long>> parts = new ArrayList<>();
        for (long first = 0; first < rows; first += rowsPerTask) {
            int from = (int) first;
            int to = (int) Math.min(rows, first + rowsPerTask);
            parts.add(CompletableFuture.supplyAsync(() -> task.run(from, to), executor));
        }
        long total = 0;
        try {
            for (CompletableFuture<Long> part : parts) {
                total += part.join();
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
        return total;
    }
}
