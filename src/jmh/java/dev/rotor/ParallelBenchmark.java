package dev.rotor;

import java.util.concurrent.ForkJoinPool;
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
import org.openjdk.jmh.infra.Blackhole;

import dev.rotor.kernel.Direction;
import dev.rotor.bench.ForkOptions;
import dev.rotor.bench.Shape;
import dev.rotor.bench.Workload;

/**
 * {@link Rotor}'s executor variants, rows split across a pool of {@code threads} workers, on off-heap
 * buffers at the large sizes where splitting pays (the 64 MB case must scale to both cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {ForkOptions.VECTOR_MODULE, ForkOptions.HEAP})
public class ParallelBenchmark {
    @Param
    public Direction direction;

    @Param({Shape.MLP, Shape.OUT_OF_CACHE})
    public String size;

    @Param({"1", "2"})
    public int threads;

    private Workload workload;
    private ForkJoinPool pool;

    @Setup
    public void setUp() {
        workload = new Workload(direction, Shape.of(size, direction), Workload.Memory.NATIVE);
        pool = new ForkJoinPool(threads);
    }

    @TearDown
    public void tearDown() {
        pool.shutdown();
        workload.close();
    }

    @Benchmark
    public void convertParallel(Blackhole blackhole) {
        Workload w = workload;
        switch (direction) {
            case BITNET_TO_PLANES -> blackhole.consume(Rotor.fromBitNet(w.packed(), w.rows(), w.cols(), w.pos(),
                    w.neg(), InvalidCodePolicy.STRICT, pool));
            case PLANES_TO_BITNET -> Rotor.toBitNet(w.pos(), w.neg(), w.rows(), w.cols(), w.packed(), pool);
            case PLANES_TO_INT8 -> Rotor.toInt8(w.pos(), w.neg(), w.rows(), w.cols(), w.int8(), pool);
            case INT8_TO_PLANES -> Rotor.fromInt8(w.int8(), w.rows(), w.cols(), w.pos(), w.neg(), pool);
        }
    }
}
