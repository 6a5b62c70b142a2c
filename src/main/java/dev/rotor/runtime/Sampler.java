package dev.rotor.runtime;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits, as transformers' {@code generate} does: greedy (temperature 0: the highest
 * logit, the lowest id among equals, like {@code argmax}), or sampling: logits divided by the temperature, only the
 * {@code topK} highest kept (0: all), then only the smallest set of the most likely tokens whose probabilities add
 * up to {@code topP} (1: all), one token drawn from what is left with a seeded generator. The same seed and logits
 * give the same tokens. Not thread-safe (it holds the generator and scratch space).
 */
public final class Sampler {
    /** Candidates looked at before sorting the whole vocabulary for top-p without top-k. */
    private static final int NUCLEUS_PROBE = 256;

    private final float temperature;
    private final int topK;
    private final float topP;
    private final long seed;
    private final SplittableRandom random;
    private int[] order = new int[0];
    private double[] probabilities = new double[0];

    private Sampler(float temperature, int topK, float topP, long seed) {
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** Always the most likely token. */
    public static Sampler greedy() {
        return new Sampler(0, 0, 1, 0);
    }

    /**
     * Sampling with these settings; {@code temperature == 0} is greedy.
     *
     * @param temperature logits are divided by it; 0 for greedy, else positive and finite
     * @param topK        keep the {@code topK} most likely tokens (0: no limit)
     * @param topP        keep the most likely tokens up to this cumulative probability, in (0, 1]
     * @param seed        seed of the generator
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public static Sampler of(float temperature, int topK, float topP, long seed) {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature is " + temperature + ", must be 0 (greedy) or positive");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k is " + topK + ", must be 0 (no limit) or positive");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p is " + topP + ", must be in (0, 1]");
        }
        return new Sampler(temperature, topK, topP, seed);
    }

    /** Whether this sampler always picks the most likely token. */
    public boolean isGreedy() {
        return temperature == 0 || topK == 1;
    }

    /**
     * The next token for {@code logits} (one per vocabulary id; not modified).
     *
     * @throws IllegalArgumentException if logits is empty or holds a NaN
     */
    public int sample(float[] logits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("logits are empty");
        }
        if (isGreedy()) {
            return argmax(logits);
        }
        int n = candidates(logits);
        double max = logits[order[0]] / (double) temperature;
        int kept = topP < 1 ? nucleus(logits, n, max, denominator(logits, n, max)) : n;
        double total = 0;
        for (int i = 0; i < kept; i++) {
            probabilities[i] = Math.exp(logits[order[i]] / (double) temperature - max);
            total += probabilities[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            u -= probabilities[i];
            if (u < 0) {
                return order[i];
            }
        }
        return order[kept - 1];
    }

    /** The id of the largest logit, the lowest among equals. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 0; i < logits.length; i++) {
            if (Float.isNaN(logits[i])) {
                throw new IllegalArgumentException("logit " + i + " is NaN");
            }
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Puts candidates, most likely first, in {@code order[0 .. n)} and returns n: the top k; or every token (in id
     * order, unsorted, when neither top-k nor top-p needs an order); for top-p without top-k, the
     * {@value #NUCLEUS_PROBE} most likely, and every token, sorted, only if those do not reach top-p.
     */
    private int candidates(float[] logits) {
        int vocab = logits.length;
        if (order.length < vocab) {
            order = new int[vocab];
            probabilities = new double[vocab];
        }
        if (topK > 0) {
            return top(logits, Math.min(topK, vocab));
        }
        if (topP < 1 && vocab > NUCLEUS_PROBE) {
            int n = top(logits, NUCLEUS_PROBE);
            double max = logits[order[0]] / (double) temperature;
            if (nucleus(logits, n, max, denominator(logits, 0, max)) < n) {
                return n;
            }
        }
        if (topP < 1) {
            return top(logits, vocab);
        }
        int best = argmax(logits);                      // checks every logit for NaN
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
        }
        order[0] = best;
        order[best] = 0;
        return vocab;
    }

    /**
     * The softmax denominator at this temperature relative to {@code max}: over the {@code n} candidates in
     * {@code order} with top-k, else over every token in id order.
     */
    private double denominator(float[] logits, int n, double max) {
        double denominator = 0;
        if (topK > 0) {
            for (int i = 0; i < n; i++) {
                denominator += Math.exp(logits[order[i]] / (double) temperature - max);
            }
        } else {
            for (float logit : logits) {
                denominator += Math.exp(logit / (double) temperature - max);
            }
        }
        return denominator;
    }

    /** The {@code k} highest logits' ids in {@code order}, highest first (lower id first among equals). */
    private int top(float[] logits, int k) {
        PriorityQueue<Integer> heap = new PriorityQueue<>(k, (a, b) -> logits[a] != logits[b]
                ? Float.compare(logits[a], logits[b]) : Integer.compare(b, a));
        for (int i = 0; i < logits.length; i++) {
            if (Float.isNaN(logits[i])) {
                throw new IllegalArgumentException("logit " + i + " is NaN");
            }
            if (heap.size() < k) {
                heap.add(i);
            } else if (logits[i] > logits[heap.peek()]) {
                heap.poll();
                heap.add(i);
            }
        }
        for (int i = k - 1; i >= 0; i--) {
            order[i] = heap.poll();
        }
        return k;
    }

    /**
     * How many of the first {@code n} candidates (sorted) top-p keeps: the smallest prefix whose probability
     * ({@code exp(logit / T - max) / denominator}) reaches {@code topP}, at least one.
     */
    private int nucleus(float[] logits, int n, double max, double denominator) {
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += Math.exp(logits[order[i]] / (double) temperature - max) / denominator;
            if (cumulative >= topP) {
                return i + 1;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return isGreedy() ? "greedy" : "temperature " + temperature + ", top-k " + topK + ", top-p " + topP
                + ", seed " + seed;
    }
}
