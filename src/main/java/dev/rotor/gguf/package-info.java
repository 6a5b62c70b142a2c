/**
 * The GGUF container, versions 2 and 3 (FORMATS.md section 7): {@link dev.rotor.gguf.GgufReader} memory-maps a
 * file and validates its metadata and tensor infos when opened; {@link dev.rotor.gguf.GgufWriter} writes typed
 * metadata ({@link dev.rotor.gguf.GgufValue}) and lets {@link dev.rotor.container.TensorData} producers fill each
 * tensor in place. A malformed file fails with {@link dev.rotor.container.ModelFormatException}.
 */
package dev.rotor.gguf;
