package dev.rotor.cli;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;

import dev.rotor.layout.SourceLayout;
import dev.rotor.model.PlaneTensor;
import dev.rotor.model.TernaryTensor;

/**
 * An independent check of converted planes: decodes sampled rows of Hugging Face packed tensors weight by weight,
 * straight from the definition (FORMATS.md section 3), and compares them with the planes bit by bit.
 */
final class HfReference {
    /**
     * What was checked.
     *
     * @param rows    sampled rows
     * @param weights weights compared
     */
    record Sample(long rows, long weights) { }

    private HfReference() { }

    /**
     * Compares {@code rowsPerTensor} seeded random rows of every tensor, and every scale.
     *
     * @throws IllegalStateException naming the tensor, row and column of the first difference
     */
    static Sample check(List<TernaryTensor> tensors, List<PlaneTensor> planes, int rowsPerTensor, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long rows = 0;
        long weights = 0;
        for (int i = 0; i < tensors.size(); i++) {
            TernaryTensor tensor = tensors.get(i);
            checkScale(tensor, planes.get(i));
            for (int k = 0; k < Math.min(rowsPerTensor, tensor.rows()); k++) {
                checkRow(tensor, planes.get(i), random.nextInt(tensor.rows()));
                rows++;
                weights += tensor.cols();
            }
        }
        return new Sample(rows, weights);
    }

    private static void checkScale(TernaryTensor tensor, PlaneTensor planes) {
        if (Float.floatToRawIntBits(tensor.scales()[0]) != Float.floatToRawIntBits(planes.scales()[0])) {
            throw new IllegalStateException("tensor '" + tensor.name() + "': scale " + planes.scales()[0]
                    + " in the planes, " + tensor.scales()[0] + " in the packed tensor");
        }
    }

    private static void checkRow(TernaryTensor tensor, PlaneTensor planes, int row) {
        if (tensor.layout() != SourceLayout.HF_BITNET) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' is " + tensor.layout().id()
                    + ", this check reads " + SourceLayout.HF_BITNET.id());
        }
        for (int col = 0; col < tensor.cols(); col++) {
            int expected = packedWeight(tensor, row, col);
            int actual = planeWeight(planes, row, col);
            if (actual != expected) {
                throw new IllegalStateException(String.format("tensor '%s' row %d column %d: the planes hold %d,"
                        + " the packed tensor %d", tensor.name(), row, col, actual, expected));
            }
        }
    }

    /** FORMATS.md section 3: weight (r, c) is bits 2*(r/R) of byte [r % R, c], coded w + 1. */
    static int packedWeight(TernaryTensor tensor, int row, int col) {
        int packedRows = tensor.rows() / 4;
        long offset = (long) (row % packedRows) * tensor.cols() + col;
        int code = (tensor.data().get(ValueLayout.JAVA_BYTE, offset) >> (2 * (row / packedRows))) & 3;
        return code - 1;
    }

    /** FORMATS.md section 1: bit c % 8 of byte r * ceil(cols/8) + c / 8, pos minus neg. */
    static int planeWeight(PlaneTensor planes, int row, int col) {
        long offset = (long) row * ((planes.cols() + 7) / 8) + col / 8;
        return bit(planes.pos(), offset, col) - bit(planes.neg(), offset, col);
    }

    private static int bit(MemorySegment plane, long offset, int col) {
        return (plane.get(ValueLayout.JAVA_BYTE, offset) >> (col % 8)) & 1;
    }
}
