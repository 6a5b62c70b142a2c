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

import dev.rotor.kernel.Direction;
import dev.rotor.bench.ForkOptions;
import dev.rotor.bench.Implementation;
import dev.rotor.bench.Shape;
import dev.rotor.bench.Workload;
import dev.rotor.kernel.ReferenceKernel;
import dev.rotor.kernel.ScalarKernel;
import dev.rotor.kernel.TernaryKernel;
import dev.rotor.kernel.VectorKernel;

/**
 * Each kernel called directly on off-heap buffers: the cost of the conversion itself, without the
 * argument checks of the public API. Lives in package dev.rotor because the kernels are package-private.
 * Vector widths wider than the machine's are not run (see {@link dev.rotor.bench.BenchRunner}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsPrepend = {ForkOptions.VECTOR_MODULE, ForkOptions.HEAP})
public class KernelBenchmark {
    @Param
    public Direction direction;

    @Param
    public Implementation impl;

    @Param({Shape.ONE_GROUP, Shape.ATTENTION, Shape.MLP, Shape.OUT_OF_CACHE})
    public String size;

    private TernaryKernel kernel;
    private Workload workload;

    @Setup
    public void setUp() {
        kernel = kernel(impl);
        workload = new Workload(direction, Shape.of(size, direction), Workload.Memory.NATIVE);
    }

    @TearDown
    public void tearDown() {
        workload.close();
    }

    /** Returns the kernel's count of bad weights, which also keeps the call alive. */
    @Benchmark
    public long convert() {
        Workload w = workload;
        return switch (direction) {
            case BITNET_TO_PLANES -> kernel.bitnetToPlanes(w.packed(), w.pos(), w.neg(), w.rows(), w.cols());
            case PLANES_TO_BITNET -> kernel.planesToBitnet(w.pos(), w.neg(), w.packed(), w.rows(), w.cols());
            case PLANES_TO_INT8 -> kernel.planesToInt8(w.pos(), w.neg(), w.int8(), w.rows(), w.cols());
            case INT8_TO_PLANES -> kernel.int8ToPlanes(w.int8(), w.pos(), w.neg(), w.rows(), w.cols());
        };
    }

    private static TernaryKernel kernel(Implementation impl) {
        if (!impl.runsNatively()) {
            throw new IllegalStateException(impl.label() + " is wider than this machine's "
                    + Implementation.preferredVectorBits() + "-bit vectors; it would only measure the Java fallback");
        }
        return switch (impl) {
            case REFERENCE -> new ReferenceKernel();
            case SCALAR -> new ScalarKernel();
            case VECTOR_128, VECTOR_256, VECTOR_512 -> {
                if (impl.vectorBits() != VectorKernel.BITS) {
                    throw new IllegalStateException(impl.label() + " needs a fork with -Drotor.vectorBits="
                            + impl.vectorBits() + " (this JVM's vector kernel is " + VectorKernel.BITS
                            + "-bit); BenchRunner adds it");
                }
                yield new VectorKernel();
            }
        };
    }
}
