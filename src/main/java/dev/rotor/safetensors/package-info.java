/**
 * The safetensors container (FORMATS.md section 7): {@link dev.rotor.safetensors.SafetensorsReader} memory-maps a
 * file, validates its whole header when opened and exposes the tensors in file order as zero-copy, read-only
 * segments; {@link dev.rotor.safetensors.SafetensorsWriter} lays a file out up front and lets
 * {@link dev.rotor.container.TensorData} producers fill each tensor in place, in parallel. A malformed file fails
 * with {@link dev.rotor.container.ModelFormatException}; {@link java.io.IOException} is kept for real I/O failures.
 */
package dev.rotor.safetensors;
