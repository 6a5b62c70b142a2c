package dev.rotor.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a conversion's jobs on a fixed number of threads, largest first (so the last job to finish is a small
 * one), reporting progress after each. The first failure stops the jobs not yet started and is rethrown once
 * every running job has ended, with later failures suppressed. Jobs write disjoint regions, so the output does
 * not depend on the thread count or the order.
 */
public final class ParallelRunner {
    /** One unit of work: a whole tensor, or a chunk of a large copied one. */
    public record Job(String tensor, int tensorIndex, long bytes, Work work) {
    }

    /** Does a job's work, using the worker's scratch buffer if it needs one; returns the invalid codes met. */
    @FunctionalInterface
    public interface Work {
    public     long run(Scratch scratch) throws IOException;
    }

    private final int threads;
    private final ProgressTracker progress;

    public ParallelRunner(int threads, ProgressTracker progress) {
        this.threads = threads;
        this.progress = progress;
    }

    /** A runner for jobs on {@code segments}: on the calling thread alone if any is confined to it. */
    public static ParallelRunner forSegments(int threads, ProgressTracker progress, List<MemorySegment> segments) {
        Thread other = Thread.ofPlatform().unstarted(() -> { });
        boolean shared = segments.stream().allMatch(s -> s.isAccessibleBy(other));
        return new ParallelRunner(shared ? threads : 1, progress);
    }

    /** Runs every job; returns the sum of their invalid-code counts. */
    public long run(List<Job> jobs) throws IOException {
        List<Job> order = new ArrayList<>(jobs);
        order.sort(Comparator.comparingLong(Job::bytes).reversed());
        State state = new State(order);
        int workers = Math.min(threads, order.size());
        if (workers <= 1) {
            state.work();
        } else {
            List<Thread> started = new ArrayList<>(workers);
            for (int i = 0; i < workers; i++) {
                started.add(Thread.ofPlatform().name("rotor-convert-" + i).daemon().start(state::work));
            }
            joinAll(started);
        }
        state.rethrow();
        return state.invalid.get();
    }

    /** Waits for every thread to end, even if interrupted (the interrupt is kept for the caller). */
    static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private final class State {
        final List<Job> jobs;
        final AtomicInteger next = new AtomicInteger();
        final AtomicLong invalid = new AtomicLong();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        State(List<Job> jobs) {
            this.jobs = jobs;
        }

        void work() {
            try (Scratch scratch = new Scratch()) {
                for (int i = next.getAndIncrement(); i < jobs.size() && failures.isEmpty();
                     i = next.getAndIncrement()) {
                    Job job = jobs.get(i);
                    try {
                        invalid.addAndGet(job.work().run(scratch));
                        progress.done(job.tensorIndex(), job.bytes());
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }
            }
        }

        void rethrow() throws IOException {
            Throwable first = failures.poll();
            if (first == null) {
                return;
            }
            failures.forEach(first::addSuppressed);
            switch (first) {
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IOException(first);
            }
        }
    }
}
