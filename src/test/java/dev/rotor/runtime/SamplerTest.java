package dev.rotor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Greedy picks, the candidate sets of top-k and top-p, and the drawn frequencies of temperature sampling. */
class SamplerTest {
    @Test
    void greedyTakesTheFirstOfTheLargest() {
        assertEquals(2, Sampler.greedy().sample(new float[] {1, 3, 5, 5, -1}));
        assertEquals(2, Sampler.of(0, 0, 1, 1).sample(new float[] {1, 3, 5, 5, -1}));
        assertEquals(2, Sampler.of(1.5f, 1, 1, 1).sample(new float[] {1, 3, 5, 5, -1}), "top-k 1 is greedy");
    }

    @Test
    void topKDrawsOnlyTheKLargest() {
        Sampler s = Sampler.of(5f, 2, 1, 3);
        float[] logits = {0, 9, 1, 8, 2};
        for (int i = 0; i < 500; i++) {
            int id = s.sample(logits);
            assertTrue(id == 1 || id == 3, "drew " + id);
        }
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // Probabilities at temperature 1: ln-odds chosen so that p = 0.5, 0.3, 0.15, 0.05.
        float[] logits = {(float) Math.log(0.15), (float) Math.log(0.5), (float) Math.log(0.05), (float) Math.log(0.3)};
        Sampler s = Sampler.of(1f, 0, 0.75f, 4);
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[s.sample(logits)]++;
        }
        assertEquals(0, counts[0] + counts[2], "outside the nucleus {1, 3}");
        assertEquals(4000 * 0.5 / 0.8, counts[1], 150);
    }

    @Test
    void topPOverALargeVocabularyLooksPastTheProbe() {
        float[] logits = new float[5000];     // flat: every token equally likely, so top-p 0.9 keeps 4,500
        Sampler s = Sampler.of(1f, 0, 0.9f, 5);
        boolean beyond = false;
        for (int i = 0; i < 2000; i++) {
            int id = s.sample(logits);
            assertTrue(id < 4500, "drew " + id);
            beyond |= id >= 256;
        }
        assertTrue(beyond, "only the probe's candidates were drawn");
    }

    @Test
    void temperatureSamplingFollowsTheSoftmax() {
        float[] logits = {0, (float) Math.log(3)};       // p = 1/4, 3/4 at temperature 1
        Sampler s = Sampler.of(1f, 0, 1f, 6);
        int ones = 0;
        for (int i = 0; i < 8000; i++) {
            ones += s.sample(logits);
        }
        assertEquals(6000, ones, 200);
        SplittableRandom random = new SplittableRandom(1);
        float[] many = new float[1000];
        for (int i = 0; i < many.length; i++) {
            many[i] = (float) random.nextGaussian();
        }
        assertEquals(Sampler.of(0.7f, 0, 1, 9).sample(many), Sampler.of(0.7f, 0, 1, 9).sample(many), "seeded");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Sampler.of(-1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampler.of(Float.NaN, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampler.of(1, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampler.of(1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampler.of(1, 0, 1.5f, 0));
        assertThrows(IllegalArgumentException.class, () -> Sampler.greedy().sample(new float[] {1, Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> Sampler.greedy().sample(new float[0]));
    }
}
