package dev.rotor;

import java.util.random.RandomGenerator;

/** How random ternary weights are drawn: the mixes of trained BitNet models and the one-value edge cases. */
enum ValueMix {
    ALL_ZERO(1, 0),
    ALL_PLUS(0, 1),
    ALL_MINUS(0, 0),
    /** About 40% zeros, the rest split evenly, as is common in trained models. */
    FORTY_PERCENT_ZEROS(0.4, 0.3),
    UNIFORM_THIRDS(1 / 3.0, 1 / 3.0);

    private final double zero;
    private final double plus;

    /** Probabilities of 0 and of +1; -1 takes the rest. */
    ValueMix(double zero, double plus) {
        this.zero = zero;
        this.plus = plus;
    }

    /** One weight: -1, 0 or +1. */
    byte next(RandomGenerator random) {
        double x = random.nextDouble();
        return x < zero ? 0 : x < zero + plus ? (byte) 1 : (byte) -1;
    }
}
