package dev.rotor.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rotor bench}: a quick in-process speed check of every direction and kernel. */
@Command(name = "bench", description = {
        "Time every conversion direction with every kernel on a seeded random matrix and print GB/s and "
                + "speedups over the reference kernel.",
        "A quick check, not the JMH suite: best of a few runs after a short warm-up."})
final class BenchCommand extends BaseCommand {
    /** Largest matrix: one int8 byte per weight must fit in a Java array. */
    static final long MAX_WEIGHTS = Integer.MAX_VALUE - 8;

    @Option(names = "--rows", paramLabel = "R", description = "Matrix rows (default: ${DEFAULT-VALUE}).")
    int rows = 2560;

    @Option(names = "--cols", paramLabel = "C", description = "Matrix columns (default: ${DEFAULT-VALUE}).")
    int cols = 2560;

    @Option(names = "--reps", paramLabel = "N",
            description = "Timed runs per case, the best is kept (default: ${DEFAULT-VALUE}).")
    int reps = 20;

    @Mixin
    JsonOption json = new JsonOption();

    @Option(names = "--gemv", description = "Time the int8 GEMV (one and two threads), the float BitLinear layer and "
            + "a GEMM over " + GemvQuickBench.BATCH + " tokens on a rows x cols ternary matrix with this JVM's matrix "
            + "kernel instead of the conversions.")
    boolean gemv;

    @Override
    void run(Io io) {
        requireAtLeast("--rows", rows, 1);
        requireAtLeast("--cols", cols, 1);
        requireAtLeast("--reps", reps, 1);
        if ((long) rows * cols > MAX_WEIGHTS) {
            throw usageError("--rows times --cols must be at most " + Units.count(MAX_WEIGHTS) + " weights, got "
                    + Units.count((long) rows * cols));
        }
        if (gemv) {
            io.print(GemvQuickBench.measure(rows, cols, reps));
            return;
        }
        io.note("benchmarking a " + rows + "x" + cols + " matrix, every direction and kernel...");
        json.show(io, BenchReport.measure(rows, cols, reps));
    }
}
