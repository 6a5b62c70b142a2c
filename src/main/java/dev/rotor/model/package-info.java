/**
 * Model file containers: safetensors and GGUF readers and writers (FORMATS.md section 7).
 *
 * <p>Readers ({@link dev.rotor.safetensors.SafetensorsReader}, {@link dev.rotor.gguf.GgufReader}) memory-map the whole
 * file, validate its header completely when opened, and expose the tensors in file order with zero-copy, read-only
 * {@link java.lang.foreign.MemorySegment} slices that any thread may read until the reader is closed. A malformed
 * file always fails with {@link dev.rotor.container.ModelFormatException} naming the file, the tensor and the byte
 * offset; {@link java.io.IOException} is kept for real I/O failures. {@link dev.rotor.model.RotorFile} reads a
 * rotor file the same way, its ternary tensors as planes and scales.
 *
 * <p>Writers ({@link dev.rotor.safetensors.SafetensorsWriter}, {@link dev.rotor.gguf.GgufWriter}) compute the layout up
 * front, write the header, then let {@link dev.rotor.container.TensorData} producers fill each tensor's slice of a
 * read-write mapping of the output, in parallel on a caller-supplied executor, so no tensor passes through the heap.
 * {@link dev.rotor.io.AtomicFiles} puts a finished file into place atomically and refuses to overwrite inputs.
 *
 * <p>Typical bit-exact copy with conversion hooks:
 * <pre>{@code
 * try (SafetensorsReader in = SafetensorsReader.open(source)) {
 *     List<SafetensorsWriter.Tensor> out = in.tensors().stream().map(SafetensorsWriter.Tensor::copyOf).toList();
 *     AtomicFiles.write(target, false, List.of(source),
 *             tmp -> SafetensorsWriter.write(tmp, in.metadata(), out, executor));
 * }
 * }</pre>
 */
package dev.rotor.model;

import dev.rotor.io.AtomicFiles;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.safetensors.SafetensorsWriter;
