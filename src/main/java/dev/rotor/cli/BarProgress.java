package dev.rotor.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar (me.tongfei progressbar) counting megabytes, with rate and ETA, and the tensor
 * count beside it. It appears only once the job has run for a second, starting from the progress
 * already made, so its rate and ETA cover the whole job.
 */
final class BarProgress implements ProgressReporter {
    private static final long MEGABYTE = 1_000_000;

    private final String task;
    private final LongSupplier clock;
    private final ProgressBarConsumer consumer;
    private final long start;
    private ProgressBar bar;

    /** A bar drawn on {@code err}, as wide as the terminal. */
    BarProgress(String task, PrintWriter err, LongSupplier clock) {
        this(task, clock, new WriterConsumer(err));
    }

    /** A bar drawn by {@code consumer} (tests capture the rendered lines). */
    BarProgress(String task, LongSupplier clock, ProgressBarConsumer consumer) {
        this.task = task;
        this.clock = clock;
        this.consumer = consumer;
        this.start = clock.getAsLong();
    }

    @Override
    public synchronized void report(Progress progress) {
        long elapsed = clock.getAsLong() - start;
        if (bar == null && elapsed < DELAY_NANOS) {
            return;
        }
        if (bar == null) {
            bar = open(progress, Duration.ofNanos(elapsed));
        }
        bar.maxHint(progress.bytesTotal() / MEGABYTE);
        bar.stepTo(progress.bytesDone() / MEGABYTE);
        bar.setExtraMessage(" " + progress.tensorsDone() + "/" + progress.tensorsTotal() + " tensors");
    }

    private ProgressBar open(Progress progress, Duration elapsed) {
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(progress.bytesTotal() / MEGABYTE)
                .setUnit(" MB", 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .startsFrom(progress.bytesDone() / MEGABYTE, elapsed)
                .setConsumer(consumer)
                .build();
    }

    /** True once the bar has been drawn (the job ran longer than the delay). */
    synchronized boolean shown() {
        return bar != null;
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            consumer.close(); // the library skips this when closed before its first redraw
        }
    }

    /** Draws the bar on one line of a terminal, redrawing it in place with a carriage return. */
    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter err;
        private final int width = Terminal.columns();
        private boolean closed;

        WriterConsumer(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public synchronized void accept(String rendered) {
            err.print('\r' + rendered);
            err.flush();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                err.println();
                err.flush();
            }
        }
    }
}
