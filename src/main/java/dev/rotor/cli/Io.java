package dev.rotor.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/**
 * Where a command reads and writes: input from {@code in} (standard input), results to {@code out}, notes, progress
 * and errors to {@code err}.
 *
 * @param quiet no notes and no progress
 */
record Io(InputStream in, PrintWriter out, PrintWriter err, boolean quiet) {
    /** A note for people on stderr (what is being done), unless quiet. */
    void note(String line) {
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }

    /** Prints text (already ending in a newline) to stdout. */
    void print(String text) {
        out.print(text);
        out.flush();
    }

    /** A progress display for a long job named {@code task}: bar, lines or nothing. */
    ProgressReporter progress(String task) {
        return ProgressReporter.create(ProgressMode.choose(quiet), task, err);
    }
}
