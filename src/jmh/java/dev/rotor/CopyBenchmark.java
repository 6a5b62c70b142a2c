package dev.rotor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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

import dev.rotor.kernel.Direction;
import dev.rotor.bench.ForkOptions;
import dev.rotor.bench.Shape;
import dev.rotor.bench.Workload;

/**
 * The memory system's own speed: {@link MemorySegment#copy} of as many bytes as a direction's larger
 * side, between off-heap buffers like the kernels', at the same sizes. A conversion cannot be expected
 * to beat this, so the report states every figure as a fraction of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {ForkOptions.VECTOR_MODULE, ForkOptions.HEAP})
public class CopyBenchmark {
    @Param
    public Direction direction;

    @Param({Shape.ONE_GROUP, Shape.ATTENTION, Shape.MLP, Shape.OUT_OF_CACHE})
    public String size;

    private Arena arena;
    private MemorySegment source;
    private MemorySegment target;
    private long bytes;

    @Setup
    public void setUp() {
        bytes = Shape.of(size, direction).largerSideBytes(direction);
        arena = Arena.ofShared();
        source = arena.allocate(bytes, Workload.ALIGNMENT);
        target = arena.allocate(bytes, Workload.ALIGNMENT);
        source.fill((byte) 1);
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment copy() {
        MemorySegment.copy(source, 0, target, 0, bytes);
        return target;
    }
}
