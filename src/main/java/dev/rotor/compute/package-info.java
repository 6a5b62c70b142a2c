/**
 * Compute on rotor planes: {@link dev.rotor.compute.TernaryMatrix} (a ternary matrix over heap, off-heap or
 * memory-mapped planes with its scales; exact int8 GEMV / GEMM, ternary products by AND + popcount, top-k
 * search), {@link dev.rotor.compute.BitLinear} (the BitNet b1.58 linear layer, float in and out, single token and
 * batched, optionally across an {@code Executor}) and its reusable {@link dev.rotor.compute.Workspace}.
 * The kernels behind them are chosen once per JVM like the conversion kernels ({@code dev.rotor.kernel}).
 */
package dev.rotor.compute;
