package dev.rotor.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.kernel.TritBlock;

class Tq1CodecTest extends CodecContract {
    /** All five trits 1 (zero weights): v = 121, ceil(121 * 256 / 243) = 128. */
    private static final byte QS_ZEROS = (byte) 128;
    /** Trits 1, 1, 1, 1 and the fifth 0: v = 120, ceil(120 * 256 / 243) = 127. */
    private static final byte QH_ZEROS = (byte) 127;

    @Override
    SourceLayout layout() {
        return SourceLayout.GGUF_TQ1_0;
    }

    @Override
    List<Shape> shapes() {
        return List.of(new Shape(1, 256), new Shape(3, 512), new Shape(2, 1024), new Shape(1, 768),
                new Shape(0, 256));
    }

    @Override
    List<Shape> unsupportedShapes() {
        return List.of(new Shape(256, 1), new Shape(1, 128), new Shape(3, 260));
    }

    @Override
    long expectedDataSize(Shape s) {
        return (long) s.rows() * s.cols() / 256 * 54;
    }

    @Override
    long expectedScaleCount(Shape s) {
        return (long) s.rows() * s.cols() / 256;
    }

    @Override
    byte invalidByte() {
        return 1; // not ceil(v * 256 / 243) for any v
    }

    @Override
    Shape exhaustiveShape() {
        return new Shape(1, 768); // the vector decoder's wide path takes all blocks but the last
    }

    private static byte[] zeros(int blocks) {
        byte[] data = new byte[blocks * 54];
        for (int b = 0; b < blocks; b++) {
            Arrays.fill(data, b * 54, b * 54 + 48, QS_ZEROS);
            Arrays.fill(data, b * 54 + 48, b * 54 + 52, QH_ZEROS);
        }
        return data;
    }

    @Test
    void exactlyTheCanonicalBytesAreValid() {
        int[] invalidQs = IntStream.range(0, 256).filter(q -> !TritBlock.valid(q, false)).toArray();
        assertEquals(List.of(1, 20, 40, 60, 79, 99, 119, 138, 158, 178, 197, 217, 237),
                Arrays.stream(invalidQs).boxed().toList(), "the 13 byte values no v in 0..242 encodes to");
        assertEquals(81, IntStream.range(0, 256).filter(q -> TritBlock.valid(q, true)).count(), "qh: 3^4 values");
    }

    @Test
    void readsTritsMostSignificantFirstAndTheScale() {
        byte[] data = zeros(1);
        data[7] = (byte) 186;  // trits 2,0,1,1,2 (v = 176): weights 7 +1, 39 -1, 71 0, 103 0, 135 +1
        data[50] = (byte) 67;  // qh[2], trits 0,2,1,0 and 0 (v = 63): weights 242 -1, 246 +1, 250 0, 254 -1
        data[52] = 0x00;       // d = 0x3C00 = 1
        data[53] = 0x3C;
        Shape shape = new Shape(1, 256);
        Planes planes = decode(chosen(), data, shape, InvalidCodePolicy.STRICT);
        Planes.of(shape, new int[] {7, 135, 246}, new int[] {39, 242, 254}).assertSameBits(planes, "one block");
        assertSameScales(new float[] {1f}, readScales(chosen(), data, shape));
    }

    @Test
    void countsEveryWeightOfANonCanonicalByte() {
        byte[] data = zeros(1);
        data[40] = 1;            // qs[40]: weights 160 + 8 + 16n = 168, 184, 200, 216, 232
        data[48] = QS_ZEROS;     // qh[0]: canonical, but its fifth trit is 1: weights 240, 244, 248, 252
        Shape shape = new Shape(1, 256);
        assertFirstInvalid(data, shape, 0, 168, 40, 9);
        data[40] = QS_ZEROS;
        assertFirstInvalid(data, shape, 0, 240, 48, 4);
    }
}
