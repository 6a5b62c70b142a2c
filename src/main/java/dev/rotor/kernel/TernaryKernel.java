package dev.rotor.kernel;

import java.lang.foreign.MemorySegment;

import dev.rotor.InvalidCodePolicy;

/**
 * One implementation of the four conversions between the BitNet 2-bit layout, rotor planes and int8.
 * Callers pass segments already checked to hold exactly the matrix (see {@link Geometry}); kernels
 * never allocate and never throw for bad data. Instead each method returns how many weights were
 * bad. A 2-bit code {@code 11} decodes to 0 (the {@link InvalidCodePolicy#LENIENT} result); what the
 * other directions write for a bad weight (both plane bits set, an int8 value outside -1..1) is
 * unspecified, because the public API rejects such input.
 * Padding bits of plane rows are written as zero and ignored when read; the unused codes in the last
 * byte of a 2-bit row are written as zero ({@code 00}) and ignored when read.
 */
public interface TernaryKernel {
    /** Short name for logs and benchmarks: "reference", "scalar", "vector". */
    String name();

    /** 2-bit → planes; returns the number of invalid codes. */
    long bitnetToPlanes(MemorySegment packed, MemorySegment pos, MemorySegment neg, int rows, int cols);

    /** planes → 2-bit; returns the number of weights with both bits set. */
    long planesToBitnet(MemorySegment pos, MemorySegment neg, MemorySegment packed, int rows, int cols);

    /** planes → int8 (-1/0/+1); returns the number of weights with both bits set. */
    long planesToInt8(MemorySegment pos, MemorySegment neg, MemorySegment values, int rows, int cols);

    /** int8 → planes; returns the number of values outside -1..1. */
    long int8ToPlanes(MemorySegment values, MemorySegment pos, MemorySegment neg, int rows, int cols);
}
