package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

/** The float operations as written in their definitions, adding in index order: the truth the others match. */
public final class ReferenceFloatKernel implements FloatKernel {
    @Override
    public String name() {
        return "reference";
    }

    @Override
    public float dot(float[] a, int aFrom, float[] b, int bFrom, int length) {
        float sum = 0;
        for (int i = 0; i < length; i++) {
            sum += a[aFrom + i] * b[bFrom + i];
        }
        return sum;
    }

    @Override
    public void addScaled(float alpha, float[] x, int xFrom, float[] y, int yFrom, int length) {
        for (int i = 0; i < length; i++) {
            y[yFrom + i] += alpha * x[xFrom + i];
        }
    }

    @Override
    public void rows(MemorySegment w, FloatFormat format, int cols, int rowFrom, int rowTo, float[] x, float[] y,
                     int yFrom) {
        for (int r = rowFrom; r < rowTo; r++) {
            long base = (long) r * cols;
            float sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += format.get(w, base + c) * x[c];
            }
            y[yFrom + r - rowFrom] = sum;
        }
    }
}
