/**
 * Internal file plumbing shared by the containers and the converter: memory-mapped input
 * ({@link dev.rotor.io.MappedFile}), bounds-checked little-endian reading ({@link dev.rotor.io.SegmentCursor}),
 * little-endian output, tensor files written in place ({@link dev.rotor.io.TensorFileWriter}), overflow-safe shape
 * arithmetic, and atomic output that never leaves a half-written file ({@link dev.rotor.io.AtomicFiles}).
 */
package dev.rotor.io;
