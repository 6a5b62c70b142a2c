package dev.rotor.container;

/**
 * Where a writer put one tensor's bytes, so that they can be filled or checked later without reading the file back.
 *
 * @param name       the tensor's name
 * @param fileOffset where its bytes start in the file
 * @param byteSize   how many bytes it has (without the container's padding)
 */
public record TensorPlace(String name, long fileOffset, long byteSize) {
}
