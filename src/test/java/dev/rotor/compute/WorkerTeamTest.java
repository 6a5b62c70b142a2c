package dev.rotor.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.rotor.RotorPlanes;

/** The spinning worker team: the same results as one thread, from any number of callers, open or closed. */
class WorkerTeamTest {
    @Test
    void everyRowRangeRunsOnceAndTheCallerTakesTheFirst() {
        try (WorkerTeam team = WorkerTeam.of(3)) {
            for (int round = 0; round < 200; round++) {
                int[] runs = new int[1000];
                Thread[] ranThe = new Thread[3];
                RowParts.run(1000, 3, team, (part, from, to) -> {
                    ranThe[part] = Thread.currentThread();
                    for (int r = from; r < to; r++) {
                        runs[r]++;
                    }
                });
                for (int r = 0; r < runs.length; r++) {
                    assertEquals(1, runs[r], "row " + r + " in round " + round);
                }
                assertSame(Thread.currentThread(), ranThe[0]);   // the others: their worker, or the caller if first
            }
        }
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        RotorPlanes planes = ComputeData.planes(200, 700, random);
        TernaryMatrix w = TernaryMatrix.of(planes);
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try (WorkerTeam team = WorkerTeam.of(2)) {
            List<Future<?>> done = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int c = 0; c < 3; c++) {
                byte[] x = ComputeData.int8(700, random);
                int[] expected = ComputeData.literalGemm(planes, x, 1);
                done.add(callers.submit(() -> {
                    start.await();
                    for (int i = 0; i < 300; i++) {
                        int[] y = new int[200];
                        w.gemv(x, y, team);
                        assertArrayEquals(expected, y);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdown();
        }
    }

    @Test
    void aWorkersExceptionReachesTheCallerAndTheTeamGoesOn() {
        try (WorkerTeam team = WorkerTeam.of(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RowParts.run(64, 2, team,
                    (part, from, to) -> {
                        if (part == 1) {
                            throw new IllegalStateException("range " + from + ".." + to);
                        }
                    }));
            assertEquals("range 32..64", e.getMessage());
            AtomicInteger rows = new AtomicInteger();
            RowParts.run(64, 2, team, (part, from, to) -> rows.addAndGet(to - from));
            assertEquals(64, rows.get());
        }
    }

    @Test
    void aClosedTeamRunsProductsOnTheCaller() {
        WorkerTeam team = WorkerTeam.of(2);
        team.close();
        Thread[] ranThe = new Thread[2];
        RowParts.run(64, 2, team, (part, from, to) -> ranThe[part] = Thread.currentThread());
        assertSame(Thread.currentThread(), ranThe[0]);
        assertSame(Thread.currentThread(), ranThe[1]);
    }

    @Test
    void badSizesAreRefused() {
        assertEquals("threads is 0, must be 1 to 64",
                assertThrows(IllegalArgumentException.class, () -> WorkerTeam.of(0)).getMessage());
        assertEquals("threads is 65, must be 1 to 64",
                assertThrows(IllegalArgumentException.class, () -> WorkerTeam.of(65)).getMessage());
        try (WorkerTeam one = WorkerTeam.of(1)) {
            assertEquals(1, one.threads());
            int[] ran = new int[1];
            one.execute(() -> ran[0]++);
            assertEquals(1, ran[0]);
        }
    }
}
