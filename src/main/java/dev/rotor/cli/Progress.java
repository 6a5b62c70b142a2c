package dev.rotor.cli;

/**
 * How far a long job has got: bytes and tensors done out of their totals. The library reports its
 * progress through a callback; the CLI turns each call into one of these for a {@link ProgressReporter}.
 *
 * @param bytesDone    bytes processed so far
 * @param bytesTotal   bytes the whole job processes (0 if unknown)
 * @param tensorsDone  tensors finished so far
 * @param tensorsTotal tensors in the whole job
 */
record Progress(long bytesDone, long bytesTotal, long tensorsDone, long tensorsTotal) {
    /** Fraction of the bytes done, 0..1 (0 when the total is unknown). */
    double fraction() {
        return bytesTotal > 0 ? Math.min(1.0, (double) bytesDone / bytesTotal) : 0;
    }

    /**
     * One human line, e.g. {@code 412.0 MB of 521.4 MB (79.0%), 168/210 tensors, 1.2 GB/s, ETA 2.50 s}.
     *
     * @param elapsedSeconds time since the job started, for the rate and the estimate of what is left
     */
    String describe(double elapsedSeconds) {
        String line = Units.bytes(bytesDone) + " of " + Units.bytes(bytesTotal) + " (" + Units.percent(fraction())
                + "), " + tensorsDone + "/" + tensorsTotal + " tensors, " + Units.rate(bytesDone, elapsedSeconds);
        return bytesDone > 0 && bytesDone < bytesTotal
                ? line + ", ETA " + Units.duration(elapsedSeconds * (bytesTotal - bytesDone) / bytesDone)
                : line;
    }
}
