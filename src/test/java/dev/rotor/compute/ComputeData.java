package dev.rotor.compute;

import java.util.SplittableRandom;

import dev.rotor.Rotor;
import dev.rotor.RotorPlanes;

/** Seeded matrices and activations for the compute tests, and the products written out literally. */
final class ComputeData {
    private ComputeData() { }

    /** Ternary weights, about a third each of -1, 0, +1. */
    static byte[] ternary(int count, SplittableRandom random) {
        byte[] w = new byte[count];
        for (int i = 0; i < count; i++) {
            w[i] = (byte) (random.nextInt(3) - 1);
        }
        return w;
    }

    static RotorPlanes planes(int rows, int cols, SplittableRandom random) {
        return Rotor.fromInt8(ternary(rows * cols, random), rows, cols);
    }

    /** int8 activations over the whole range, with the extremes -128 and 127 common. */
    static byte[] int8(int count, SplittableRandom random) {
        byte[] x = new byte[count];
        for (int i = 0; i < count; i++) {
            int pick = random.nextInt(8);
            x[i] = (byte) (pick == 0 ? -128 : pick == 1 ? 127 : random.nextInt(256) - 128);
        }
        return x;
    }

    /** {@code y[t * rows + r] = sum_c w[r][c] * x[t * cols + c]}, weight by weight through {@link RotorPlanes#get}. */
    static int[] literalGemm(RotorPlanes w, byte[] x, int tokens) {
        int[] y = new int[tokens * w.rows()];
        for (int t = 0; t < tokens; t++) {
            for (int r = 0; r < w.rows(); r++) {
                int sum = 0;
                for (int c = 0; c < w.cols(); c++) {
                    sum += w.get(r, c) * x[t * w.cols() + c];
                }
                y[t * w.rows() + r] = sum;
            }
        }
        return y;
    }

    /** {@code sum_c w[r][c] * v[c]} for every row. */
    static int[] literalTernary(RotorPlanes w, byte[] v) {
        int[] y = new int[w.rows()];
        for (int r = 0; r < w.rows(); r++) {
            for (int c = 0; c < w.cols(); c++) {
                y[r] += w.get(r, c) * v[c];
            }
        }
        return y;
    }
}
