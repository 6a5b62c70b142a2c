package dev.rotor.model;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.Rotor;
import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;

/**
 * Which codec a conversion's ternary jobs run, in a JVM that may not have compiled the vector kernels yet. Until
 * the JIT has compiled them, Vector API code runs through a slow Java fallback (tens of times slower than the
 * portable scalar code, which compiles within a tensor or two), so a fresh JVM that decoded the first big tensors
 * with the vector kernels lost seconds. Here the jobs start on {@link TernaryCodec#portable} while a background
 * thread races the chosen codec against it on a few rows of the model's own data (same segments, same code
 * path: what it compiles is what the jobs then run), and hands the jobs the chosen codec once it has won
 * {@value #WINS_NEEDED} rounds in a row. It gives up (the jobs stay portable) when the chosen codec has stopped
 * getting faster without winning, e.g. where the vector kernel is not faster than the scalar one. Both codecs give
 * identical results, so only speed depends on when the switch happens. In a warm JVM the race is won at once.
 */
final class KernelWarmup implements AutoCloseable, Plan.CodecChoice {
    /** Consecutive rounds the chosen codec must win before the jobs switch to it (one may be noise). */
    static final int WINS_NEEDED = 3;
    /** Codec calls per timed round. */
    private static final int CALLS_PER_ROUND = 4;
    /** The race is abandoned when the chosen codec has not become twice as fast for this long. */
    private static final long PATIENCE_NANOS = 1_000_000_000L;

    /** One layout's codec operation on a few rows of the model's own data: what that layout's jobs will run. */
    interface Sample {
        SourceLayout layout();

        /**
         * Runs the operation once with {@code codec}, writing into {@code scratch} as the jobs do; may throw, which
         * ends the race (the jobs stay portable).
         */
        void run(TernaryCodec codec, Scratch scratch);
    }

    private final Map<SourceLayout, TernaryCodec> current = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    private KernelWarmup(List<Sample> samples) {
        samples.forEach(s -> current.put(s.layout(), TernaryCodec.portable(s.layout())));
        thread = samples.isEmpty() ? null
                : Thread.ofPlatform().daemon().name("rotor-warmup").start(() -> raceAll(samples));
    }

    /**
     * Starts racing on {@code samples} (at most one per layout), or does nothing where the chosen kernels are not
     * the vector ones (then the chosen codec is the fastest from the start).
     */
    static KernelWarmup start(List<Sample> samples) {
        return new KernelWarmup(Rotor.backend().isVector() ? samples : List.of());
    }

    /** The codec the jobs of {@code layout} should run now. */
    @Override
    public TernaryCodec codec(SourceLayout layout) {
        TernaryCodec codec = current.get(layout);
        return codec != null ? codec : TernaryCodec.of(layout);
    }

    /** Whether the jobs of {@code layout} run the chosen codec now. */
    boolean switched(SourceLayout layout) {
        return codec(layout) == TernaryCodec.of(layout);
    }

    private void raceAll(List<Sample> samples) {
        try (Scratch scratch = new Scratch()) {
            samples.forEach(sample -> race(sample, scratch));
        }
    }

    private void race(Sample sample, Scratch scratch) {
        TernaryCodec chosen = TernaryCodec.of(sample.layout());
        TernaryCodec portable = TernaryCodec.portable(sample.layout());
        try {
            int wins = 0;
            long best = Long.MAX_VALUE;
            long lastGain = System.nanoTime();
            while (!stopped && wins < WINS_NEEDED && System.nanoTime() - lastGain < PATIENCE_NANOS) {
                long time = time(sample, chosen, scratch);
                wins = time <= time(sample, portable, scratch) ? wins + 1 : 0;
                if (time < best / 2) {
                    best = time;
                    lastGain = System.nanoTime();
                }
            }
            if (wins >= WINS_NEEDED) {
                current.put(sample.layout(), chosen);
            }
        } catch (RuntimeException e) {
            // A sample the codec rejects (say an invalid code): the jobs report such data themselves.
        }
    }

    private static long time(Sample sample, TernaryCodec codec, Scratch scratch) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS_PER_ROUND; i++) {
            sample.run(codec, scratch);
        }
        return System.nanoTime() - start;
    }

    /** Stops racing and waits for the thread, so that the samples' segments may be closed. */
    @Override
    public void close() {
        stopped = true;
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The fewest rows (a power of two) that make a valid {@code layout} tensor of {@code cols} columns. */
    static int sampleRows(TernaryCodec codec, int rows, int cols) {
        for (int r = 1; r < rows; r *= 2) {
            try {
                codec.dataSize(r, cols);
                return r;
            } catch (IllegalArgumentException e) {
                // this many rows cannot hold whole blocks: try twice as many
            }
        }
        return rows;
    }

    /**
     * Decoding the first rows of a packed tensor, as a tensor of their own (every layout's first rows are).
     *
     * @param data the whole packed tensor, as the jobs read it
     */
    static Sample decode(SourceLayout layout, MemorySegment data, int rows, int cols) {
        TernaryCodec codec = TernaryCodec.of(layout);
        int r = sampleRows(codec, rows, cols);
        MemorySegment in = data.asSlice(0, codec.dataSize(r, cols));
        long planeSize = r * RotorFormat.planeStride(cols);
        return new Sample() {
            @Override
            public SourceLayout layout() {
                return layout;
            }

            @Override
            public void run(TernaryCodec codec, Scratch scratch) {
                MemorySegment planes = scratch.get(2 * planeSize);
                codec.decode(in, r, cols, planes.asSlice(0, planeSize), planes.asSlice(planeSize, planeSize),
                        InvalidCodePolicy.LENIENT);
            }
        };
    }

    /**
     * Encoding the first rows of a rotor tensor's planes into {@code layout}, with unit scales.
     *
     * @param pos the whole {@code pos} plane, as the jobs read it; {@code neg} likewise
     */
    static Sample encode(SourceLayout layout, MemorySegment pos, MemorySegment neg, int rows, int cols) {
        TernaryCodec codec = TernaryCodec.of(layout);
        int r = sampleRows(codec, rows, cols);
        long planeSize = r * RotorFormat.planeStride(cols);
        MemorySegment p = pos.asSlice(0, planeSize);
        MemorySegment n = neg.asSlice(0, planeSize);
        float[] scales = new float[Math.toIntExact(codec.scaleCount(r, cols))];
        Arrays.fill(scales, 1f);
        long size = codec.dataSize(r, cols);
        return new Sample() {
            @Override
            public SourceLayout layout() {
                return layout;
            }

            @Override
            public void run(TernaryCodec codec, Scratch scratch) {
                codec.encode(p, n, scales, r, cols, scratch.get(size));
            }
        };
    }
}
