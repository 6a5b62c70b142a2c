/**
 * What every model-file container shares: {@link dev.rotor.container.TensorData}, the producer that fills a
 * tensor's bytes in place in a file being written, and {@link dev.rotor.container.ModelFormatException}, the one
 * exception for a malformed or unsupported model file, naming the file, the tensor and the byte offset.
 */
package dev.rotor.container;
