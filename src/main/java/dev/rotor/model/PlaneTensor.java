package dev.rotor.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

import dev.rotor.layout.TernaryCodec;

/**
 * A ternary weight matrix as rotor planes in memory: {@code pos} and {@code neg}, each {@code rows * ceil(cols/8)}
 * bytes (FORMATS.md section 1), and its scales, following the source layout's convention.
 *
 * @param name   the tensor's name
 * @param rows   rows
 * @param cols   columns
 * @param pos    the +1 plane
 * @param neg    the -1 plane
 * @param scales the scales: one per tensor, or one per 256-weight block (TQ layouts). Not copied.
 */
public record PlaneTensor(String name, int rows, int cols, MemorySegment pos, MemorySegment neg, float[] scales) {
    /** Checks for nulls and plane sizes. */
    public PlaneTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scales, "scales");
        long size = rows * RotorFormat.planeStride(cols);
        if (rows < 0 || cols < 0 || pos.byteSize() < size || neg.byteSize() < size) {
            throw new IllegalArgumentException("tensor '" + name + "': planes of " + pos.byteSize() + " and "
                    + neg.byteSize() + " bytes cannot hold " + rows + "x" + cols + " weights (" + size + " each)");
        }
    }

    /** Planes (zeroed) and a scale array sized for {@code source}, allocated in {@code arena}. */
    public static PlaneTensor allocate(TernaryTensor source, Arena arena) {
        long size = source.rows() * RotorFormat.planeStride(source.cols());
        long dataScales = TernaryCodec.of(source.layout()).scaleCount(source.rows(), source.cols());
        int scales = Math.toIntExact(Math.max(1, dataScales == 0 ? source.scales().length : dataScales));
        return new PlaneTensor(source.name(), source.rows(), source.cols(), arena.allocate(size, 64),
                arena.allocate(size, 64), new float[scales]);
    }
}
