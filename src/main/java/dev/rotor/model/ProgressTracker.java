package dev.rotor.model;

import java.util.List;

/** Counts finished work per tensor and forwards totals to a {@link ConversionProgress}, one call at a time. */
public final class ProgressTracker {
    private final ConversionProgress listener;
    private final int[] pendingJobs;
    private final long bytesTotal;
    private long bytesDone;
    private int tensorsDone;

    /** @param jobs every job of the conversion; tensors are numbered 0 .. tensorCount - 1 */
    public ProgressTracker(ConversionProgress listener, int tensorCount, List<ParallelRunner.Job> jobs) {
        this.listener = listener;
        this.pendingJobs = new int[tensorCount];
        long total = 0;
        for (ParallelRunner.Job job : jobs) {
            pendingJobs[job.tensorIndex()]++;
            total += job.bytes();
        }
        this.bytesTotal = total;
    }

    long bytesTotal() {
        return bytesTotal;
    }

    synchronized void done(int tensorIndex, long bytes) {
        bytesDone += bytes;
        if (--pendingJobs[tensorIndex] == 0) {
            tensorsDone++;
        }
        listener.update(bytesDone, bytesTotal, tensorsDone, pendingJobs.length);
    }
}
