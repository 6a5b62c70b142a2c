package dev.rotor;

/**
 * What a decoder does with a 2-bit code (or base-3 byte) that is not a valid ternary value,
 * such as the code {@code 11} of the BitNet 2-bit layout.
 */
public enum InvalidCodePolicy {
    /** Reject the input with an {@link InvalidTernaryCodeException} naming the first invalid weight (the default). */
    STRICT,
    /** Decode invalid codes as 0 and report how many there were ({@link RotorPlanes#invalidCodes()}). */
    LENIENT
}
