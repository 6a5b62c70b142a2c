/**
 * What every model-file container shares: {@link dev.rotor.container.ContainerReader} (a mapped, validated file and
 * its {@link dev.rotor.container.StoredTensor tensors}), {@link dev.rotor.container.TensorSpec} (a tensor to write,
 * whose bytes a {@link dev.rotor.container.TensorData} fills in place), {@link dev.rotor.container.TensorPlace}
 * (where a writer put it), {@link dev.rotor.container.ElementType} (safetensors dtypes and ggml types), and
 * {@link dev.rotor.container.ModelFormatException}, the one exception for a malformed or unsupported model file,
 * naming the file, the tensor and the byte offset.
 */
package dev.rotor.container;
