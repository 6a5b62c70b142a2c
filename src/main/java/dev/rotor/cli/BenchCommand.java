package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.rotor.compute.WorkerTeam;
import dev.rotor.runtime.BitNetModel;

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
            description = "Timed runs per case: the best is kept (default: 20); with --model, the median of the "
                    + "runs (default: 3).")
    Integer reps;

    @Mixin
    JsonOption json = new JsonOption();

    @Option(names = "--gemv", description = "Time the int8 GEMV (one and two threads), the float BitLinear layer and "
            + "a GEMM over " + GemvQuickBench.BATCH + " tokens on a rows x cols ternary matrix with this JVM's matrix "
            + "kernel instead of the conversions.")
    boolean gemv;

    @Option(names = "--model", paramLabel = "FILE", description = "Time prompt processing and decoding of this "
            + "rotor file's model on random token ids, beside the copy bandwidth (the decoding bound).")
    Path model;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "With --model: the Hugging Face directory "
            + "whose config.json describes the model, if the file carries none.")
    Path modelDirectory;

    @Option(names = "--prompt", paramLabel = "N", description = "With --model: prompt tokens (default: "
            + "${DEFAULT-VALUE}).")
    int promptTokens = 128;

    @Option(names = "--generate", paramLabel = "N", description = "With --model: tokens to decode (default: "
            + "${DEFAULT-VALUE}).")
    int generateTokens = 32;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "With --model: threads (default: the "
            + "available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    void run(Io io) throws IOException {
        if (model != null) {
            benchModel(io);
            return;
        }
        requireAtLeast("--rows", rows, 1);
        requireAtLeast("--cols", cols, 1);
        requireAtLeast("--reps", reps(20), 1);
        if ((long) rows * cols > MAX_WEIGHTS) {
            throw usageError("--rows times --cols must be at most " + Units.count(MAX_WEIGHTS) + " weights, got "
                    + Units.count((long) rows * cols));
        }
        if (gemv) {
            io.print(GemvQuickBench.measure(rows, cols, reps(20)));
            return;
        }
        io.note("benchmarking a " + rows + "x" + cols + " matrix, every direction and kernel...");
        json.show(io, BenchReport.measure(rows, cols, reps(20)));
    }

    private int reps(int fallback) {
        return reps != null ? reps : fallback;
    }

    private void benchModel(Io io) throws IOException {
        requireAtLeast("--reps", reps(3), 1);
        requireAtLeast("--prompt", promptTokens, 1);
        requireAtLeast("--generate", generateTokens, 2);
        requireAtLeast("--threads", threads, 1);
        try (WorkerTeam team = WorkerTeam.of(threads); BitNetModel m = RuntimeModels.open(model, modelDirectory)) {
            Map<String, Object> result = ModelBench.measure(m, promptTokens, generateTokens, reps(3), threads,
                    threads > 1 ? team : null, io);
            if (json.enabled) {
                Json.print(io.out(), result);
            } else {
                io.print(ModelBench.render(result));
            }
        }
    }
}
