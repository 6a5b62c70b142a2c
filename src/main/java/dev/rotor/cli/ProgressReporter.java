package dev.rotor.cli;

import java.io.PrintWriter;

import dev.rotor.model.ConversionProgress;

/**
 * Shows the progress of one long job on stderr: a live bar on a terminal, plain periodic lines
 * otherwise, nothing with {@code --quiet}. Nothing is shown for jobs that finish within a second.
 * Thread-safe: reports may come from worker threads.
 */
interface ProgressReporter extends AutoCloseable {
    /** Nanoseconds a job must run before anything is shown. */
    long DELAY_NANOS = 1_000_000_000L;

    /** Records the latest progress, redrawing if due. */
    void report(Progress progress);

    /** Finishes the display (the bar is completed and its line ended); the caller then prints its summary. */
    @Override
    void close();

    /** This reporter as the model converter's progress callback. */
    default ConversionProgress conversionProgress() {
        return (bytesDone, bytesTotal, tensorsDone, tensorsTotal) ->
                report(new Progress(bytesDone, bytesTotal, tensorsDone, tensorsTotal));
    }

    /** The reporter for {@code mode}, writing to {@code err} under the name {@code task}. */
    static ProgressReporter create(ProgressMode mode, String task, PrintWriter err) {
        return switch (mode) {
            case BAR -> new BarProgress(task, err, System::nanoTime);
            case LINES -> new LineProgress(task, err, System::nanoTime, LineProgress.INTERVAL_NANOS);
            case NONE -> silent();
        };
    }

    /** A reporter that shows nothing. */
    static ProgressReporter silent() {
        return new ProgressReporter() {
            @Override
            public void report(Progress progress) { }

            @Override
            public void close() { }
        };
    }
}
