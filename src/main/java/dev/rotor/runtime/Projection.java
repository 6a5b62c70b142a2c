package dev.rotor.runtime;

import dev.rotor.compute.BitLinear;

/**
 * One ternary projection of a layer: the BitNet linear layer over its planes and, for GGUF models that carry one,
 * llama.cpp's extra per-tensor output scale ({@code 1} when there is none).
 */
record Projection(BitLinear linear, float outputScale) {
    int in() {
        return linear.inFeatures();
    }

    int out() {
        return linear.outFeatures();
    }
}
