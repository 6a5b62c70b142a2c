package dev.rotor.cli;

import java.util.Locale;
import java.util.SplittableRandom;

import dev.rotor.Rotor;
import dev.rotor.compute.BitLinear;
import dev.rotor.compute.TernaryMatrix;
import dev.rotor.compute.WeightScales;
import dev.rotor.compute.Workspace;
import dev.rotor.layout.ScaleConvention;

/**
 * {@code rotor bench --gemv}: int8 GEMV and the float BitLinear layer on a seeded ternary matrix with this JVM's
 * matrix kernel, best of a few calls after a warm-up. A quick check, not the JMH suite (GemvBenchmark).
 */
final class GemvQuickBench {
    private static final int WARMUP_CALLS = 2000;

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
        byte[] x = new byte[cols];
        float[] xf = new float[cols];
        for (int c = 0; c < cols; c++) {
            x[c] = (byte) (random.nextInt(255) - 127);
            xf[c] = (float) random.nextGaussian();
        }
        int[] y = new int[rows];
        float[] yf = new float[rows];
        BitLinear layer = BitLinear.of(w);
        Workspace ws = new Workspace(1, cols);
        double gemv = best(reps, () -> w.gemv(x, y));
        double linear = best(reps, () -> layer.forward(xf, yf, ws));
        return String.format(Locale.ROOT, "gemv %dx%d, kernel %s%n"
                        + "  int8 GEMV   %8.3f ms  %6.1f G weights/s%n"
                        + "  BitLinear   %8.3f ms  %6.1f G weights/s  (%.2fx the GEMV)%n",
                rows, cols, Rotor.backend(),
                gemv * 1e3, (double) rows * cols / gemv / 1e9, linear * 1e3, (double) rows * cols / linear / 1e9,
                linear / gemv);
    }

    /** Best seconds per call over {@code reps} timed batches, after a warm-up. */
    private static double best(int reps, Runnable call) {
        for (int i = 0; i < WARMUP_CALLS; i++) {
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
