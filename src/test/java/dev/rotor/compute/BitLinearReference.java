package dev.rotor.compute;

import dev.rotor.RotorPlanes;
import dev.rotor.layout.ScaleConvention;

/**
 * The BitNet linear layer written out from transformers' formulas (integrations/bitnet.py, float32), weight by
 * weight: {@code BitLinear.activation_quant}, the integer product, {@code post_quant_process} (divide) or
 * {@code AutoBitLinear}'s {@code * weight_scale} (multiply), block by block for block scales.
 */
final class BitLinearReference {
    private BitLinearReference() { }

    /** {@code 127 / max|x|.clamp(min=1e-5)}, as torch evaluates {@code int / tensor}: {@code reciprocal() * 127}. */
    static float scale(float[] x, int offset, int cols) {
        float max = 0;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, Math.abs(x[offset + c]));
        }
        float clamped = Math.max(max, 1e-5f);
        float reciprocal = 1f / clamped;
        return reciprocal * 127f;
    }

    /** {@code (x * s).round().clamp(-128, 127)}: round half to even. */
    static int quantize(float x, float s) {
        float product = x * s;
        double rounded = Math.rint(product);
        return (int) Math.max(-128, Math.min(127, rounded));
    }

    static float[] forward(RotorPlanes w, WeightScales scales, float[] x, int tokens) {
        int rows = w.rows();
        int cols = w.cols();
        int blockCols = scales.isPerTensor() ? cols : WeightScales.BLOCK;
        float[] y = new float[tokens * rows];
        for (int t = 0; t < tokens; t++) {
            float s = scale(x, t * cols, cols);
            for (int r = 0; r < rows; r++) {
                float out = 0;
                for (int b = 0; b * blockCols < Math.max(1, cols); b++) {
                    int sum = 0;
                    for (int c = b * blockCols; c < Math.min(cols, (b + 1) * blockCols); c++) {
                        sum += w.get(r, c) * quantize(x[t * cols + c], s);
                    }
                    float d = scales.scale(r, b);
                    float term = scales.convention() == ScaleConvention.DIVIDE ? sum / (d * s) : sum / s * d;
                    out = b == 0 ? term : out + term;
                }
                y[t * rows + r] = out;
            }
        }
        return y;
    }
}
