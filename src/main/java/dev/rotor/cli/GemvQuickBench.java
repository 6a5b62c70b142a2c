package dev.rotor.cli;

import java.util.Locale;
import java.util.SplittableRandom;

import dev.rotor.Rotor;
import dev.rotor.compute.BitLinear;
import dev.rotor.compute.TernaryMatrix;
import dev.rotor.compute.WeightScales;
import dev.rotor.compute.WorkerTeam;
import dev.rotor.compute.Workspace;
import dev.rotor.layout.ScaleConvention;

/**
 * {@code rotor bench --gemv}: int8 GEMV on one and two threads ({@link WorkerTeam}), the float BitLinear layer and a
 * GEMM over a batch of tokens, on a seeded ternary matrix with this JVM's matrix kernel, best of a few calls after a
 * warm-up. A quick check, not the JMH suite (GemvBenchmark, ModelPassBenchmark).
 */
final class GemvQuickBench {
    private static final int WARMUP_CALLS = 2000;
    /** Tokens of the batched product (a prompt's share of prefill). */
    static final int BATCH = 32;

    private GemvQuickBench() { }

    /** The report as lines of text. */
    static String measure(int rows, int cols, int reps) {
        SplittableRandom random = new SplittableRandom(42);
        byte[] weights = new byte[rows * cols];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) (random.nextInt(3) - 1);
        }
        TernaryMatrix w = TernaryMatrix.of(Rotor.fromInt8(weights, rows, cols),
                WeightScales.perTensor(0.5f, ScaleConvention.DIVIDE));
        byte[] x = new byte[BATCH * cols];
        float[] xf = new float[cols];
        for (int c = 0; c < x.length; c++) {
            x[c] = (byte) (random.nextInt(255) - 127);
        }
        for (int c = 0; c < cols; c++) {
            xf[c] = (float) random.nextGaussian();
        }
        byte[] x1 = java.util.Arrays.copyOf(x, cols);
        int[] y = new int[BATCH * rows];
        int[] y1 = new int[rows];
        float[] yf = new float[rows];
        BitLinear layer = BitLinear.of(w);
        Workspace ws = new Workspace(1, cols);
        double gemv;
        double two;
        double linear;
        double gemm;
        try (WorkerTeam team = WorkerTeam.of(2)) {
            gemv = best(reps, 1, () -> w.gemv(x1, y1));
            two = best(reps, 1, () -> w.gemv(x1, y1, team));
            linear = best(reps, 1, () -> layer.forward(xf, yf, ws));
            gemm = best(reps, BATCH, () -> w.gemm(x, BATCH, y)) / BATCH;
        }
        double weightsPerCall = (double) rows * cols;
        return String.format(Locale.ROOT, "gemv %dx%d, kernel %s%n"
                        + "  int8 GEMV               %8.3f ms  %6.1f G weights/s%n"
                        + "  int8 GEMV, 2 threads    %8.3f ms  %6.1f G weights/s  (%.2fx one thread)%n"
                        + "  BitLinear               %8.3f ms  %6.1f G weights/s  (%.2fx the GEMV)%n"
                        + "  GEMM, %d tokens, per token %5.3f ms  %6.1f G weights/s  (%.2fx the GEMV)%n",
                rows, cols, Rotor.backend(),
                gemv * 1e3, weightsPerCall / gemv / 1e9,
                two * 1e3, weightsPerCall / two / 1e9, gemv / two,
                linear * 1e3, weightsPerCall / linear / 1e9, linear / gemv,
                BATCH, gemm * 1e3, weightsPerCall / gemm / 1e9, gemv / gemm);
    }

    /** Best seconds per call over {@code reps} timed batches, after a warm-up of about the same work. */
    private static double best(int reps, int tokens, Runnable call) {
        for (int i = 0; i < WARMUP_CALLS / tokens; i++) {
            call.run();
        }
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                call.run();
            }
            best = Math.min(best, (System.nanoTime() - t0) / 10e9);
        }
        return best;
    }
}
