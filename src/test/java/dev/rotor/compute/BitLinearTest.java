package dev.rotor.compute;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rotor.Rotor;
import dev.rotor.RotorPlanes;
import dev.rotor.layout.ScaleConvention;

/**
 * The float layer against transformers: hand-made rounding ties, and outputs of the real {@code BitLinear} and
 * {@code AutoBitLinear} (torch float32) recorded by {@code scripts/fixtures/bitlinear_reference.py}.
 */
class BitLinearTest {
    /** max |x| = 127 gives s = 1, so every half is a tie: round half to even. */
    @Test
    void tiesRoundHalfToEven() {
        float[] x = {127f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 126.5f, -126.5f, -127f, 3.49999f};
        byte[] q = new byte[x.length];
        float s = BitLinear.quantize(x, 0, x.length, q, 0);
        assertEquals(1f, s);
        assertArrayEquals(new byte[] {127, 0, 2, 2, 0, -2, -2, 126, -126, -127, 3}, q);
    }

    /** torch computes 127 / m as m.reciprocal() * 127, which differs from a correctly rounded 127 / m for m = 3. */
    @Test
    void activationScaleIsReciprocalTimes127() {
        float[] x = {3f, -1f};
        float s = BitLinear.quantize(x, 0, 2, new byte[2], 0);
        assertAll(() -> assertEquals((1f / 3f) * 127f, s),
                () -> assertTrue(s != 127f / 3f, "the two differ for 3, which is why this test uses it"));
    }

    @Test
    void allZeroActivationsUseTheClampedMaximum() {
        byte[] q = new byte[4];
        float s = BitLinear.quantize(new float[4], 0, 4, q, 0);
        assertAll(() -> assertEquals((1f / 1e-5f) * 127f, s), () -> assertArrayEquals(new byte[4], q));
    }

    static Iterable<JsonNode> torchCases() throws IOException {
        try (InputStream in = BitLinearTest.class.getResourceAsStream("bitlinear-torch.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    @ParameterizedTest
    @MethodSource("torchCases")
    void matchesTransformers(JsonNode c) {
        int rows = c.get("rows").asInt();
        int cols = c.get("cols").asInt();
        int tokens = c.get("tokens").asInt();
        byte[] weights = new byte[rows * cols];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) c.get("weights").get(i).asInt();
        }
        RotorPlanes planes = Rotor.fromInt8(weights, rows, cols);
        float d = floats(c.get("weight_scale"))[0];
        float[] x = floats(c.get("x"));
        float[] s = floats(c.get("s"));
        byte[] expectedQ = new byte[tokens * cols];
        for (int i = 0; i < expectedQ.length; i++) {
            expectedQ[i] = (byte) c.get("q").get(i).asInt();
        }
        byte[] q = new byte[tokens * cols];
        float[] scales = new float[tokens];
        for (int t = 0; t < tokens; t++) {
            scales[t] = BitLinear.quantize(x, t * cols, cols, q, t * cols);
        }
        float[] divide = new float[tokens * rows];
        BitLinear.of(TernaryMatrix.of(planes, WeightScales.perTensor(d, ScaleConvention.DIVIDE)))
                .forward(x, divide, tokens, new Workspace());
        float[] multiply = new float[tokens * rows];
        BitLinear.of(TernaryMatrix.of(planes, WeightScales.perTensor(d, ScaleConvention.MULTIPLY)))
                .forward(x, multiply, tokens, new Workspace());
        float[] torchMultiply = floats(c.get("multiply"));
        assertAll(
                () -> assertArrayEquals(s, scales, "activation scales, bit for bit"),
                () -> assertArrayEquals(expectedQ, q, "quantised activations"),
                () -> assertArrayEquals(floats(c.get("divide")), divide, "BitLinear, bit for bit"),
                () -> {
                    for (int i = 0; i < multiply.length; i++) {
                        // AutoBitLinear sums q/s in float in BLAS order: a few ulp of the largest term's size.
                        float tolerance = 8 * Math.ulp(127f / s[i / rows] * cols * d);
                        assertEquals(torchMultiply[i], multiply[i], tolerance, "AutoBitLinear output " + i);
                    }
                });
    }

    /**
     * Fresh workspaces on a team, so that both threads ask for their first tile of a product at once (the caller
     * reserves the slots: growing them from two threads lost one and failed with a NullPointerException).
     */
    @Test
    void aFreshWorkspaceOnATeamGivesTheSameResultsAsOneThread() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int rows = 512;
        int cols = 512;
        RotorPlanes planes = ComputeData.planes(rows, cols, random);
        float[] blockScales = new float[rows * cols / WeightScales.BLOCK];
        for (int i = 0; i < blockScales.length; i++) {
            blockScales[i] = 0.5f + random.nextInt(8) / 8f;
        }
        List<BitLinear> layers = List.of(
                BitLinear.of(TernaryMatrix.of(planes, WeightScales.perTensor(0.7f, ScaleConvention.DIVIDE))),
                BitLinear.of(TernaryMatrix.of(planes, WeightScales.perBlock(rows, cols, blockScales,
                        ScaleConvention.MULTIPLY))));
        try (WorkerTeam team = WorkerTeam.of(2)) {
            for (int round = 0; round < 300; round++) {
                int tokens = 1 + round % 4;
                float[] x = new float[tokens * cols];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian();
                }
                for (BitLinear layer : layers) {
                    float[] one = new float[tokens * rows];
                    layer.forward(x, one, tokens, new Workspace());
                    for (int call = 0; call < 4; call++) {   // back to back: the worker is still spinning
                        float[] teamed = new float[tokens * rows];
                        layer.forward(x, teamed, tokens, new Workspace(), team);
                        assertArrayEquals(one, teamed, "round " + round + ", " + tokens + " tokens");
                    }
                }
            }
        }
    }

    /** Floats stored as their IEEE bit patterns. */
    private static float[] floats(JsonNode bits) {
        float[] out = new float[bits.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(bits.get(i).asInt());
        }
        return out;
    }
}
