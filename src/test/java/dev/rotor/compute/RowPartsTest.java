package dev.rotor.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

import dev.rotor.RotorPlanes;
import dev.rotor.layout.ScaleConvention;

/** Row splitting on executors other than a {@link WorkerTeam}: every row once, any pool, no waiting on a queue. */
class RowPartsTest {
    private static final int ROWS = 512;
    private static final int COLS = 256;

    /** A cached pool reports Integer.MAX_VALUE threads at most: the split and the workspace must not believe it. */
    @Test
    void aCachedPoolGivesTheSameResultsAsOneThread() {
        ExecutorService cached = Executors.newCachedThreadPool();
        try {
            float[] x = activations(3);
            BitLinear layer = layer();
            assertArrayEquals(forward(layer, x, 3, null), forward(layer, x, 3, cached));
        } finally {
            cached.shutdown();
        }
    }

    /**
     * Both threads of a pool run a product split on that same pool: its queue holds only shares nobody can start,
     * so the callers take them over instead of waiting (the test fails by timeout if they wait).
     */
    @Test
    void callersInsideTheExecutorDoNotWaitForItsQueue() throws Exception {
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            float[] x = activations(2);
            BitLinear layer = layer();
            float[] expected = forward(layer, x, 2, null);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int round = 0; round < 20; round++) {
                    CountDownLatch bothInside = new CountDownLatch(2);
                    List<Future<float[]>> results = new ArrayList<>();
                    for (int caller = 0; caller < 2; caller++) {
                        results.add(two.submit(() -> {
                            bothInside.countDown();
                            bothInside.await();
                            return forward(layer, x, 2, two);
                        }));
                    }
                    for (Future<float[]> r : results) {
                        assertArrayEquals(expected, r.get());
                    }
                }
            });
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void everyRowOnceAndAFailureComesBackAfterTheStartedSharesFinish() {
        ExecutorService three = Executors.newFixedThreadPool(3);
        try {
            AtomicIntegerArray runs = new AtomicIntegerArray(1000);
            RowParts.run(1000, 4, false, three, (slot, from, to) -> {
                for (int r = from; r < to; r++) {
                    runs.incrementAndGet(r);
                }
            });
            for (int r = 0; r < runs.length(); r++) {
                assertEquals(1, runs.get(r), "row " + r);
            }
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> RowParts.run(1000, 4, false, three, (slot, from, to) -> {
                        if (from == 0) {
                            throw new IllegalStateException("share 0");
                        }
                    }));
            assertEquals("share 0", e.getMessage());
        } finally {
            three.shutdown();
        }
    }

    private static BitLinear layer() {
        RotorPlanes planes = ComputeData.planes(ROWS, COLS, new SplittableRandom(3));
        return BitLinear.of(TernaryMatrix.of(planes, WeightScales.perTensor(0.5f, ScaleConvention.MULTIPLY)));
    }

    private static float[] activations(int tokens) {
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[tokens * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static float[] forward(BitLinear layer, float[] x, int tokens, ExecutorService executor) {
        float[] y = new float[tokens * ROWS];
        layer.forward(x, y, tokens, new Workspace(), executor);
        return y;
    }
}
