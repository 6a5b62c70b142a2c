package dev.rotor;

/**
 * Which kernel {@link Rotor} uses on this JVM and why.
 *
 * @param kernel     "vector", "scalar" or "reference"
 * @param vectorBits the SIMD width the vector kernel runs at, 0 for the other kernels
 * @param reason     why this kernel was chosen (for the scalar fallback: what to change to get SIMD)
 */
public record Backend(String kernel, int vectorBits, String reason) {
    /** True when conversions run on the Vector API kernel. */
    public boolean isVector() {
        return vectorBits > 0;
    }

    /** One line for people, e.g. {@code vector 256-bit (AVX2)} or {@code scalar: jdk.incubator.vector not enabled - ...}. */
    @Override
    public String toString() {
        return isVector() ? "vector " + vectorBits + "-bit (" + reason + ")" : kernel + ": " + reason;
    }
}
