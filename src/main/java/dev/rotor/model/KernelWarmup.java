package dev.rotor.model;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.Rotor;
import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;

/**
 * Which codec a conversion's ternary jobs run, in a JVM that may not have compiled the vector kernels yet. Until
 * C2 has compiled them, Vector API code runs through a slow Java fallback (tens of times slower than the portable
 * scalar code), so a fresh JVM that decoded the first big tensors with the vector kernels lost seconds. Here the jobs
 * start on {@link TernaryCodec#portable} while a background thread races the chosen codec against it, and the jobs
 * run whichever won the last {@value #WINS_NEEDED} rounds.
 *
 * <p>The race runs on the first {@value #SAMPLE_ROWS} rows (all columns) of the smallest ternary tensor of each
 * layout and width: the same segments and code path as the jobs', with loops long enough that what C2 compiles for
 * the race is what the jobs need. (A few hundred columns of a few rows were cheaper, but C2 then compiled the
 * kernels that decode a whole tensor in one call, as I2_S, TQ2_0 and TQ1_0 do, for short loops and deoptimized them
 * on the first real tensor; whole tensors worked but cost three times the CPU.) It goes on until neither codec has
 * become twice as fast for {@link #PATIENCE_NANOS}, idling longer and longer between rounds: a lead taken while both
 * codecs were only C1-compiled is lost again when the other one reaches C2, and a deoptimization sends the jobs back
 * to the portable codec until the chosen one is compiled again. Where the vector kernel is not faster (or in a JVM
 * without it) the jobs stay portable. Both codecs give identical results: only speed depends on the race.
 */
final class KernelWarmup implements AutoCloseable, Plan.CodecChoice {
    /** Consecutive rounds a codec must win before the jobs switch to it (one may be noise). */
    static final int WINS_NEEDED = 3;
    /** The race ends when neither codec has become twice as fast for this long: the JIT is done with both. */
    private static final long PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** Rows of a tensor the race runs on (fewer only if the tensor has fewer). */
    static final int SAMPLE_ROWS = 16;
    /** The longest idle time between rounds. */
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * One layout's codec operation on a tensor of the model, as that layout's jobs will run it.
     *
     * @param operation runs it with a codec, writing into a scratch buffer as the jobs do; may throw, which ends the
     *                  race (the jobs stay portable)
     */
    record Sample(SourceLayout layout, Operation operation) {
    }

    /** A codec operation writing into {@code scratch}. */
    @FunctionalInterface
    interface Operation {
        void run(TernaryCodec codec, Scratch scratch);
    }

    /**
     * What races: the codec the jobs should end on and the one they start on, for each layout, and how long a race
     * goes on without either codec getting twice as fast.
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

    /** Starts racing on {@code samples} (one per layout and width) on a daemon thread. */
    KernelWarmup(List<Sample> samples, Contenders contenders) {
        this.contenders = contenders;
        samples.forEach(s -> current.put(s.layout(), contenders.portable().apply(s.layout())));
        thread = samples.isEmpty() ? null
                : Thread.ofPlatform().daemon().name("rotor-warmup").start(() -> raceAll(samples));
    }

    /**
     * Starts racing this JVM's codecs on {@code samples} (one per layout and width), or does nothing where the chosen
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
        Map<SourceLayout, List<Sample>> byLayout = new EnumMap<>(SourceLayout.class);
        samples.forEach(s -> byLayout.computeIfAbsent(s.layout(), layout -> new ArrayList<>()).add(s));
        List<Race> races = new ArrayList<>();
        byLayout.forEach((layout, shapes) -> races.add(new Race(layout, shapes)));
        try (Scratch scratch = new Scratch()) {
            while (!stopped && !races.isEmpty()) {
                long idle = 0;
                for (Race race : races) {
                    idle = Math.max(idle, race.round(scratch));
                }
                races.removeIf(Race::settled);
                LockSupport.parkNanos(idle);
            }
        }
    }

    /** One layout's race: who leads, for how many rounds, and when either codec last got twice as fast. */
    private final class Race {
        private final SourceLayout layout;
        private final List<Sample> samples;
        private final TernaryCodec chosen;
        private final TernaryCodec portable;
        private long bestChosen = Long.MAX_VALUE;
        private long bestPortable = Long.MAX_VALUE;
        private long lastGain = System.nanoTime();
        private int roundsWithoutGain;
        private boolean chosenLeads;
        private int streak;
        private boolean failed;

        Race(SourceLayout layout, List<Sample> samples) {
            this.layout = layout;
            this.samples = samples;
            this.chosen = contenders.chosen().apply(layout);
            this.portable = contenders.portable().apply(layout);
        }

        /**
         * Times both codecs once; after {@value #WINS_NEEDED} wins in a row the jobs run the winner.
         *
         * @return how long to idle before the next round: as long as this one took (the JIT compiles on its own
         *         threads, and the jobs need the cores), times the rounds since a codec last got faster
         */
        long round(Scratch scratch) {
            long chosenTime;
            long portableTime;
            try {
                chosenTime = time(chosen, scratch);
                portableTime = time(portable, scratch);
            } catch (RuntimeException e) {
                // A sample a codec rejects (say an invalid code): the jobs report such data themselves.
                current.put(layout, portable);
                failed = true;
                return 0;
            }
            boolean chosenWon = chosenTime <= portableTime;
            streak = chosenWon == chosenLeads ? streak + 1 : 1;
            chosenLeads = chosenWon;
            if (streak >= WINS_NEEDED) {
                current.put(layout, chosenWon ? chosen : portable);
            }
            roundsWithoutGain++;
            if (chosenTime < bestChosen / 2 || portableTime < bestPortable / 2) {
                lastGain = System.nanoTime();
                roundsWithoutGain = 0;
            }
            bestChosen = Math.min(bestChosen, chosenTime);
            bestPortable = Math.min(bestPortable, portableTime);
            return Math.min(MAX_IDLE_NANOS, (chosenTime + portableTime) * (1 + roundsWithoutGain));
        }

        /** Whether the race is over: a sample failed, or neither codec has got twice as fast for a while. */
        boolean settled() {
            return failed || System.nanoTime() - lastGain >= contenders.patienceNanos();
        }

        private long time(TernaryCodec codec, Scratch scratch) {
            long start = System.nanoTime();
            for (Sample sample : samples) {
                sample.operation().run(codec, scratch);
            }
            return System.nanoTime() - start;
        }
    }

    /** Stops racing and waits for the thread, so that the samples' segments may be closed. */
    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            LockSupport.unpark(thread);                  // it may be idling between rounds
            ParallelRunner.joinAll(List.of(thread));
        }
    }

    /**
     * The smallest of {@code tensors} (by {@code size}) of each layout and width, in order of first appearance: the
     * tensors whose first rows the race runs on.
     */
    static <T> Collection<T> smallestPerShape(List<T> tensors, Function<T, SourceLayout> layout,
                                              ToIntFunction<T> cols, ToLongFunction<T> size) {
        Map<List<Object>, T> smallest = new LinkedHashMap<>();
        for (T t : tensors) {
            smallest.merge(List.of(layout.apply(t), cols.applyAsInt(t)), t,
                    (a, b) -> size.applyAsLong(b) < size.applyAsLong(a) ? b : a);
        }
        return smallest.values();
    }

    /**
     * The rows of a {@code rows x cols} tensor the race runs on: {@link #SAMPLE_ROWS}, or twice as many until the
     * layout holds them (whole I2_S blocks), or all. The bytes of that many first rows are a prefix of the tensor's
     * in every layout, and a valid tensor of their own.
     */
    static int sampleRows(TernaryCodec codec, int rows, int cols) {
        for (int r = SAMPLE_ROWS; r < rows; r *= 2) {
            try {
                codec.dataSize(r, cols);
                return r;
            } catch (IllegalArgumentException e) {
                // so few rows cannot hold whole blocks: try twice as many
            }
        }
        return rows;
    }

    /**
     * Decoding the first rows of a packed tensor.
     *
     * @param data the packed tensor, as the jobs read it
     */
    static Sample decode(SourceLayout layout, MemorySegment data, int rows, int cols) {
        int r = sampleRows(TernaryCodec.of(layout), rows, cols);
        long planeSize = r * RotorFormat.planeStride(cols);
        return new Sample(layout, (codec, scratch) -> {
            MemorySegment planes = scratch.get(2 * planeSize);
            codec.decode(data, r, cols, planes.asSlice(0, planeSize), planes.asSlice(planeSize, planeSize),
                    InvalidCodePolicy.LENIENT);
        });
    }

    /**
     * Encoding the first rows of a rotor tensor's planes into {@code layout}, with unit scales.
     *
     * @param pos the {@code pos} plane, as the jobs read it; {@code neg} likewise
     */
    static Sample encode(SourceLayout layout, MemorySegment pos, MemorySegment neg, int rows, int cols) {
        TernaryCodec codec = TernaryCodec.of(layout);
        int r = sampleRows(codec, rows, cols);
        float[] scales = new float[Math.toIntExact(codec.scaleCount(r, cols))];
        Arrays.fill(scales, 1f);
        long size = codec.dataSize(r, cols);
        return new Sample(layout, (c, scratch) -> c.encode(pos, neg, scales, r, cols, scratch.get(size)));
    }
}
