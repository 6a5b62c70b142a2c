package dev.rotor.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines for logs: {@code task: 412.0 MB of 521.4 MB (79.0%), 168/210 tensors, ...},
 * the first once the job has run for a second, then at most one per interval.
 */
final class LineProgress implements ProgressReporter {
    /** Minimum time between two lines. */
    static final long INTERVAL_NANOS = 5_000_000_000L;

    private final String task;
    private final PrintWriter err;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final long start;
    private long lastPrinted = Long.MIN_VALUE;

    /**
     * @param clock         nanosecond clock ({@code System::nanoTime}; tests pass a fake)
     * @param intervalNanos minimum time between two lines
     */
    LineProgress(String task, PrintWriter err, LongSupplier clock, long intervalNanos) {
        this.task = task;
        this.err = err;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.start = clock.getAsLong();
    }

    @Override
    public synchronized void report(Progress progress) {
        long now = clock.getAsLong();
        boolean started = now - start >= DELAY_NANOS;
        boolean due = lastPrinted == Long.MIN_VALUE || now - lastPrinted >= intervalNanos;
        if (started && due) {
            err.println(task + ": " + progress.describe((now - start) / 1e9));
            err.flush();
            lastPrinted = now;
        }
    }

    @Override
    public void close() {
        // Lines need no finishing: the command's summary follows.
    }
}
