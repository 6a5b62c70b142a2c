package dev.rotor.runtime;

/**
 * Sampling settings: {@code temperature} (0 = greedy), {@code topK} (0 = no limit) and {@code topP} (1 = no limit),
 * as {@link Sampler#of} takes them.
 *
 * @param temperature logits are divided by it; 0 for greedy
 * @param topK        keep the {@code topK} most likely tokens, 0 for all
 * @param topP        keep the most likely tokens up to this cumulative probability
 */
public record SamplingSettings(float temperature, int topK, float topP) {
    /** llama.cpp's defaults ({@code llama-cli}: temperature 0.8, top-k 40, top-p 0.95). */
    public static final SamplingSettings LLAMA_CPP = new SamplingSettings(0.8f, 40, 0.95f);

    /** A sampler with these settings and {@code seed}. */
    public Sampler sampler(long seed) {
        return Sampler.of(temperature, topK, topP, seed);
    }
}
