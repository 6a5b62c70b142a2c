package dev.rotor;

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
 * The public path users call: {@link Rotor}'s allocation-free MemorySegment methods on pre-allocated
 * buffers, with its argument checks and the kernel {@link Rotor#backend()} chose, on heap segments
 * (wrapping byte[]) and on off-heap ones.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {ForkOptions.VECTOR_MODULE, ForkOptions.HEAP})
public class RotorBenchmark {
    @Param
    public Direction direction;

    @Param
    public Workload.Memory memory;

    @Param({Shape.ONE_GROUP, Shape.ATTENTION, Shape.MLP, Shape.OUT_OF_CACHE})
    public String size;

    private Workload workload;

    @Setup
    public void setUp() {
        workload = new Workload(direction, Shape.of(size, direction), memory);
    }

    @TearDown
    public void tearDown() {
        workload.close();
    }

    @Benchmark
    public void convert(Blackhole blackhole) {
        Workload w = workload;
        switch (direction) {
            case BITNET_TO_PLANES -> blackhole.consume(
                    Rotor.fromBitNet(w.packed(), w.rows(), w.cols(), w.pos(), w.neg(), InvalidCodePolicy.STRICT));
            case PLANES_TO_BITNET -> Rotor.toBitNet(w.pos(), w.neg(), w.rows(), w.cols(), w.packed());
            case PLANES_TO_INT8 -> Rotor.toInt8(w.pos(), w.neg(), w.rows(), w.cols(), w.int8());
            case INT8_TO_PLANES -> Rotor.fromInt8(w.int8(), w.rows(), w.cols(), w.pos(), w.neg());
        }
    }
}
