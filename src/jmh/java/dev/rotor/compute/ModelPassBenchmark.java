package dev.rotor.compute;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import dev.rotor.bench.ForkOptions;
import dev.rotor.synthetic.ModelShape;

/**
 * What a decoded token costs the ternary layers: one int8 GEMV with each of a model's ternary tensors (210 for
 * BitNet b1.58 2B4T, 2.08 G weights, 521 MB of planes, far more than the caches), in layer order, planes off heap;
 * beside {@link #copy}, which copies the same planes in small pieces into a scratch buffer that stays in L1: the
 * memory system's speed for reading them once. The pass is memory-bound, so its goal is a
 * fraction of the copy's bandwidth. With threads > 1 both split every tensor's rows across a {@link WorkerTeam}.
 * Lives in dev.rotor.compute to split the copy like the products ({@code RowParts}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsPrepend = {ForkOptions.VECTOR_MODULE, ForkOptions.HEAP})
public class ModelPassBenchmark {
    /** Models by name: the 2B4T shapes, or a small one for smoke runs. */
    public enum Model {
        BITNET_B158_2B4T(ModelShape.BITNET_B158_2B4T), SMALL(ModelShape.SMALL);

        final ModelShape shape;

        Model(ModelShape shape) {
            this.shape = shape;
        }
    }

    /** Bytes per piece of {@link #copy}: the per-thread scratch buffer, well inside L1. */
    static final long CHUNK = 16 * 1024;

    @Param("BITNET_B158_2B4T")
    public Model model;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private WorkerTeam team;
    private final List<TernaryMatrix> tensors = new ArrayList<>();
    /** Each tensor's activations and outputs (arrays shared by the tensors of a size). */
    private byte[][] inputs;
    private int[][] outputs;
    private MemorySegment[] scratch;

    @Setup
    public void setUp() {
        ModelShape shape = model.shape;
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(42);
        int hidden = shape.hidden();
        int kv = shape.kvHeads() * shape.headDim();
        int q = shape.heads() * shape.headDim();
        int[][] projections = {{q, hidden}, {kv, hidden}, {kv, hidden}, {hidden, q},
            {shape.intermediate(), hidden}, {shape.intermediate(), hidden}, {hidden, shape.intermediate()}};
        for (int layer = 0; layer < shape.layers(); layer++) {
            for (int[] rc : projections) {
                tensors.add(tensor(rc[0], rc[1], random));
            }
        }
        Map<Integer, byte[]> x = new HashMap<>();
        Map<Integer, int[]> y = new HashMap<>();
        inputs = new byte[tensors.size()][];
        outputs = new int[tensors.size()][];
        for (int i = 0; i < tensors.size(); i++) {
            TernaryMatrix m = tensors.get(i);
            inputs[i] = x.computeIfAbsent(m.cols(), n -> int8(n, random));
            outputs[i] = y.computeIfAbsent(m.rows(), int[]::new);
        }
        team = threads > 1 ? WorkerTeam.of(threads) : null;
        scratch = new MemorySegment[threads];
        for (int t = 0; t < threads; t++) {
            scratch[t] = arena.allocate(CHUNK, 64);
        }
    }

    /** A random ternary tensor (about a third each of -1, 0, +1) with its two planes side by side off heap. */
    private TernaryMatrix tensor(int rows, int cols, SplittableRandom random) {
        long bytes = (long) rows * ((cols + 7) / 8);
        MemorySegment planes = arena.allocate(2 * bytes, 64);
        MemorySegment pos = planes.asSlice(0, bytes);
        MemorySegment neg = planes.asSlice(bytes, bytes);
        for (long i = 0; i + Long.BYTES <= bytes; i += Long.BYTES) {
            long a = random.nextLong();
            long b = random.nextLong();
            pos.set(ValueLayout.JAVA_LONG_UNALIGNED, i, a & ~b);         // P(+1) = P(-1) = 1/4, P(0) = 1/2
            neg.set(ValueLayout.JAVA_LONG_UNALIGNED, i, b & ~a);
        }
        if (cols % 8 != 0) {                           // random bytes would set padding bits
            throw new IllegalStateException("columns must be a multiple of 8: " + cols);
        }
        return TernaryMatrix.of(rows, cols, pos, neg, WeightScales.none());
    }

    private static byte[] int8(int n, SplittableRandom random) {
        byte[] x = new byte[n];
        for (int i = 0; i < n; i++) {
            x[i] = (byte) (random.nextInt(255) - 127);
        }
        return x;
    }

    @TearDown
    public void tearDown() {
        if (team != null) {
            team.close();
        }
        arena.close();
    }

    /** One GEMV with every ternary tensor, as a decoded token does. */
    @Benchmark
    public int[][] pass() {
        for (int i = 0; i < tensors.size(); i++) {
            if (team == null) {
                tensors.get(i).gemv(inputs[i], outputs[i]);
            } else {
                tensors.get(i).gemv(inputs[i], outputs[i], team);
            }
        }
        return outputs;
    }

    /**
     * Every tensor's planes copied once, rows split across the team like the products, through a per-thread scratch
     * buffer of {@value #CHUNK} bytes (so the writes stay in L1 and the figure is the speed of reading the planes).
     */
    @Benchmark
    public MemorySegment[] copy() {
        for (TernaryMatrix m : tensors) {
            MemorySegment pos = m.planes().pos();
            MemorySegment neg = m.planes().neg();
            long stride = m.planes().stride();
            int parts = team == null ? 1 : RowParts.parts(m.rows(), team);
            RowParts.run(m.rows(), parts, true, team, (slot, from, to) -> {
                for (long at = from * stride, end = to * stride; at < end; at += CHUNK) {
                    long bytes = Math.min(CHUNK, end - at);
                    MemorySegment.copy(pos, at, scratch[slot], 0, bytes);
                    MemorySegment.copy(neg, at, scratch[slot], 0, bytes);
                }
            });
        }
        return scratch;
    }
}
