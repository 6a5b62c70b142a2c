package dev.rotor.container;

/**
 * The element type of a container's tensors: a safetensors dtype ({@link dev.rotor.safetensors.SafetensorsDType})
 * or a ggml type ({@link dev.rotor.gguf.GgmlType}), which knows how many bytes a tensor of a given shape takes.
 */
public interface ElementType {
    /** The type's name as the container spells it, e.g. {@code BF16} or {@code TQ2_0}. */
    String name();

    /**
     * Bytes taken by a tensor of this type and shape (in the container's order of dimensions).
     *
     * @throws IllegalArgumentException if a dimension is negative or the elements do not fill whole bytes or blocks
     * @throws ArithmeticException      if the size does not fit in a {@code long}
     */
    long byteSize(long[] shape);
}
