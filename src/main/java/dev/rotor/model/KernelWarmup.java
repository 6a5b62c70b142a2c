package dev.rotor.model;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

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
    /**
     * Columns of a sample: a few 64-weight chunks (and two TQ blocks, as the vector TQ1_0 decoder needs), so that
     * the calls that drive the JIT's counters cost little before the code is compiled.
     */
    static final int SAMPLE_COLS = 512;
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

    /**
     * What races: the codec the jobs should end on and the one they start on, for each layout, and how long a race
     * goes on without the chosen codec getting twice as fast.
     */
    record Contenders(Function<SourceLayout, TernaryCodec> chosen, Function<SourceLayout, TernaryCodec> portable,
                      long patienceNanos) {
        /** This JVM's codecs against the portable ones. */
        static final Contenders CODECS = new Contenders(TernaryCodec::of, TernaryCodec::portable, PATIENCE_NANOS);
    }

    private final Contenders contenders;
    private final Map<SourceLayout, TernaryCodec> current = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** Starts racing on {@code samples} (at most one per layout) on a daemon thread. */
    KernelWarmup(List<Sample> samples, Contenders contenders) {
        this.contenders = contenders;
        samples.forEach(s -> current.put(s.layout(), contenders.portable().apply(s.layout())));
        thread = samples.isEmpty() ? null
                : Thread.ofPlatform().daemon().name("rotor-warmup").start(() -> raceAll(samples));
    }

    /**
     * Starts racing this JVM's codecs on {@code samples} (at most one per layout), or does nothing where the chosen
     * kernels are not the vector ones (then the chosen codec is the fastest from the start).
     */
    static KernelWarmup start(List<Sample> samples) {
        return new KernelWarmup(Rotor.backend().isVector() ? samples : List.of(), Contenders.CODECS);
    }

    /** The codec the jobs of {@code layout} should run now. */
    @Override
    public TernaryCodec codec(SourceLayout layout) {
        TernaryCodec codec = current.get(layout);
        return codec != null ? codec : contenders.chosen().apply(layout);
    }

    /** Whether the race is still on. */
    boolean racing() {
        return thread != null && thread.isAlive();
    }

    private void raceAll(List<Sample> samples) {
        try (Scratch scratch = new Scratch()) {
            samples.forEach(sample -> race(sample, scratch));
        }
    }

    private void race(Sample sample, Scratch scratch) {
        TernaryCodec chosen = contenders.chosen().apply(sample.layout());
        TernaryCodec portable = contenders.portable().apply(sample.layout());
        try {
            int wins = 0;
            long best = Long.MAX_VALUE;
            long lastGain = System.nanoTime();
            while (!stopped && wins < WINS_NEEDED && System.nanoTime() - lastGain < contenders.patienceNanos()) {
                long time = time(sample, chosen, scratch);
                long portableTime = time(sample, portable, scratch);
                wins = time <= portableTime ? wins + 1 : 0;
                if (time < best / 2) {
                    best = time;
                    lastGain = System.nanoTime();
                }
                // Idle as long as the round took: the JIT compiles on its own threads, and the jobs need the cores.
                LockSupport.parkNanos(time + portableTime);
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
        if (thread != null) {
            ParallelRunner.joinAll(List.of(thread));
        }
    }

    /**
     * The sample's shape: the first {@link #SAMPLE_COLS} columns (fewer if the tensor has fewer) of as few rows as
     * the layout needs for whole blocks (a power of two). In every layout that many columns of the first rows are a
     * prefix of the tensor's bytes ({@code bytes} long, at most {@code available}), and a valid tensor of their own.
     *
     * @return {rows, cols}, or the whole tensor's shape if no smaller one fits
     */
    static int[] sampleShape(TernaryCodec codec, int rows, int cols, Size bytes, long available) {
        int c = Math.min(cols, SAMPLE_COLS);
        for (int r = 1; r <= rows; r *= 2) {
            try {
                if (bytes.of(r, c) <= available) {
                    return new int[] {r, c};
                }
            } catch (IllegalArgumentException e) {
                // so few rows cannot hold whole blocks: try twice as many
            }
        }
        return new int[] {rows, cols};
    }

    /** The bytes a sample of {@code rows x cols} reads. */
    @FunctionalInterface
    interface Size {
        long of(int rows, int cols);
    }

    /**
     * Decoding the first columns of the first rows of a packed tensor.
     *
     * @param data the whole packed tensor, as the jobs read it
     */
    static Sample decode(SourceLayout layout, MemorySegment data, int rows, int cols) {
        TernaryCodec codec = TernaryCodec.of(layout);
        int[] shape = sampleShape(codec, rows, cols, codec::dataSize, data.byteSize());
        int r = shape[0];
        int c = shape[1];
        MemorySegment in = data.asSlice(0, codec.dataSize(r, c));
        long planeSize = r * RotorFormat.planeStride(c);
        return new Sample() {
            @Override
            public SourceLayout layout() {
                return layout;
            }

            @Override
            public void run(TernaryCodec codec, Scratch scratch) {
                MemorySegment planes = scratch.get(2 * planeSize);
                codec.decode(in, r, c, planes.asSlice(0, planeSize), planes.asSlice(planeSize, planeSize),
                        InvalidCodePolicy.LENIENT);
            }
        };
    }

    /**
     * Encoding the first columns of the first rows of a rotor tensor's planes into {@code layout}, with unit scales.
     *
     * @param pos the whole {@code pos} plane, as the jobs read it; {@code neg} likewise
     */
    static Sample encode(SourceLayout layout, MemorySegment pos, MemorySegment neg, int rows, int cols) {
        TernaryCodec codec = TernaryCodec.of(layout);
        int[] shape = sampleShape(codec, rows, cols, (r, c) -> {
            codec.dataSize(r, c); // rejects shapes the layout cannot hold
            return r * RotorFormat.planeStride(c);
        }, pos.byteSize());
        int r = shape[0];
        int c = shape[1];
        long planeSize = r * RotorFormat.planeStride(c);
        MemorySegment p = pos.asSlice(0, planeSize);
        MemorySegment n = neg.asSlice(0, planeSize);
        float[] scales = new float[Math.toIntExact(codec.scaleCount(r, c))];
        Arrays.fill(scales, 1f);
        long size = codec.dataSize(r, c);
        return new Sample() {
            @Override
            public SourceLayout layout() {
                return layout;
            }

            @Override
            public void run(TernaryCodec codec, Scratch scratch) {
                codec.encode(p, n, scales, r, c, scratch.get(size));
            }
        };
    }
}
