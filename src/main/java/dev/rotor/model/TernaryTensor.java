package dev.rotor.model;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

import dev.rotor.layout.SourceLayout;

/**
 * A ternary weight matrix held in memory in one of the packed layouts, for
 * {@link ModelConverter#toPlanes(java.util.List, java.util.List)}.
 *
 * @param name   the tensor's name, for error messages
 * @param layout its packed layout
 * @param rows   rows (output features)
 * @param cols   columns (input features)
 * @param data   the packed bytes, {@code TernaryCodec.of(layout).dataSize(rows, cols)} of them (scales the layout
 *               stores in its data included)
 * @param scales scales stored outside the data (Hugging Face {@code weight_scale}: one value); empty for layouts
 *               that keep them in the data or have none. Not copied.
 */
public record TernaryTensor(String name, SourceLayout layout, int rows, int cols, MemorySegment data,
                            float[] scales) {
    /** Checks for nulls and negative sizes. */
    public TernaryTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(scales, "scales");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("tensor '" + name + "': negative size " + rows + "x" + cols);
        }
    }
}
