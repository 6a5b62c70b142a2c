package dev.rotor.compute;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

import dev.rotor.Rotor;
import dev.rotor.RotorPlanes;
import dev.rotor.bench.ForkOptions;
import dev.rotor.kernel.MatrixKernel;
import dev.rotor.kernel.ScalarMatrixKernel;
import dev.rotor.kernel.VectorMatrixKernel;
import dev.rotor.layout.ScaleConvention;

/**
 * int8 GEMV (exact, into int32), the float BitLinear layer and a GEMM over {@value #BATCH} tokens over planes at
 * the 2B4T shapes issue 12 names: the scalar and the vector kernel (at this JVM's width; {@code -XX:UseAVX=2} for
 * AVX2), planes on heap or memory-mapped from a file, one thread or rows split across a {@link WorkerTeam}.
 * Throughput in G weights/s is {@code rows * cols * tokens / time}. Lives in dev.rotor.compute to bind a matrix to
 * a given kernel.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsPrepend = {ForkOptions.VECTOR_MODULE, ForkOptions.HEAP})
public class GemvBenchmark {
    /** Matrix kernels measured. */
    public enum Kernel { SCALAR, VECTOR }

    /** Tokens of {@link #gemm}, a prompt's batch. */
    public static final int BATCH = 32;

    /** Where the planes live. */
    public enum Memory { HEAP, MAPPED }

    @Param({"2560x2560", "6912x2560", "2560x6912"})
    public String size;

    @Param
    public Kernel kernel;

    @Param
    public Memory memory;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private Path file;
    private WorkerTeam pool;
    private TernaryMatrix matrix;
    private BitLinear layer;
    private Workspace workspace;
    private byte[] x;
    private int[] y;
    private byte[] xBatch;
    private int[] yBatch;
    private float[] xf;
    private float[] yf;

    @Setup
    public void setUp() throws IOException {
        String[] rc = size.split("x");
        int rows = Integer.parseInt(rc[0]);
        int cols = Integer.parseInt(rc[1]);
        SplittableRandom random = new SplittableRandom(42);
        RotorPlanes planes = Rotor.fromInt8(ternary(rows * cols, random), rows, cols);
        MatrixKernel k = kernel == Kernel.SCALAR ? new ScalarMatrixKernel() : new VectorMatrixKernel();
        WeightScales scales = WeightScales.perTensor(0.5f, ScaleConvention.DIVIDE);
        if (memory == Memory.HEAP) {
            matrix = TernaryMatrix.of(planes, scales).withKernel(k);
        } else {
            arena = Arena.ofShared();
            file = Files.createTempFile("rotor-gemv", ".planes");
            Files.write(file, planes.pos());
            Files.write(file, planes.neg(), StandardOpenOption.APPEND);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, 2L * planes.pos().length, arena);
                long half = planes.pos().length;
                matrix = TernaryMatrix.of(rows, cols, mapped.asSlice(0, half), mapped.asSlice(half, half), scales)
                        .withKernel(k);
            }
        }
        layer = BitLinear.of(matrix);
        workspace = new Workspace(1, cols);
        x = new byte[cols];
        for (int i = 0; i < cols; i++) {
            x[i] = (byte) (random.nextInt(255) - 127);
        }
        xf = new float[cols];
        for (int i = 0; i < cols; i++) {
            xf[i] = (float) random.nextGaussian();
        }
        y = new int[rows];
        yf = new float[rows];
        xBatch = new byte[BATCH * cols];
        for (int i = 0; i < xBatch.length; i++) {
            xBatch[i] = (byte) (random.nextInt(255) - 127);
        }
        yBatch = new int[BATCH * rows];
        pool = threads > 1 ? WorkerTeam.of(threads) : null;
    }

    static byte[] ternary(int count, SplittableRandom random) {
        byte[] w = new byte[count];
        for (int i = 0; i < count; i++) {
            w[i] = (byte) (random.nextInt(3) - 1);
        }
        return w;
    }

    @TearDown
    public void tearDown() throws IOException {
        if (pool != null) {
            pool.close();
        }
        if (arena != null) {
            arena.close();
            Files.deleteIfExists(file);
        }
    }

    /** Exact int8 GEMV into int32. */
    @Benchmark
    public int[] gemv() {
        if (pool == null) {
            matrix.gemv(x, y);
        } else {
            matrix.gemv(x, y, pool);
        }
        return y;
    }

    /** A batch of {@value #BATCH} tokens (prefill): the report counts {@code BATCH * rows * cols} products. */
    @Benchmark
    public int[] gemm() {
        matrix.gemm(xBatch, BATCH, yBatch, pool);
        return yBatch;
    }

    /** The float layer around the same GEMV: quantisation, product, scales. */
    @Benchmark
    public float[] bitLinear() {
        layer.forward(xf, yf, 1, workspace, pool);
        return yf;
    }
}
