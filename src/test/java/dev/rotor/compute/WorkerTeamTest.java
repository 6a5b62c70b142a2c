package dev.rotor.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.rotor.RotorPlanes;

/** The spinning worker team: every row once, the same results as one thread, from any number of callers. */
class WorkerTeamTest {
    /** A range that closes the team from a worker: the product finishes, and later ones run on the caller. */
    @Test
    void closingFromInsideAProductDoesNotWaitForItself() {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            WorkerTeam team = WorkerTeam.of(2);
            AtomicIntegerArray runs = new AtomicIntegerArray(1000);
            RowParts.run(1000, 2, false, team, (slot, from, to) -> {
                team.close();
                for (int r = from; r < to; r++) {
                    runs.incrementAndGet(r);
                }
            });
            RowParts.run(1000, 2, false, team, (slot, from, to) -> {
                assertEquals(0, slot, "a closed team runs products on the caller");
                for (int r = from; r < to; r++) {
                    runs.incrementAndGet(r);
                }
            });
            for (int r = 0; r < runs.length(); r++) {
                assertEquals(2, runs.get(r), "row " + r);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyRowRunsOnceAndASlotIsOneThread(boolean chunked) {
        try (WorkerTeam team = WorkerTeam.of(3)) {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(1000);
                Map<Integer, Thread> slots = new ConcurrentHashMap<>();
                AtomicInteger clashes = new AtomicInteger();
                RowParts.run(1000, 3, chunked, team, (slot, from, to) -> {
                    if (slots.putIfAbsent(slot, Thread.currentThread()) instanceof Thread other
                            && other != Thread.currentThread()) {
                        clashes.incrementAndGet();
                    }
                    for (int r = from; r < to; r++) {
                        runs.incrementAndGet(r);
                    }
                });
                for (int r = 0; r < runs.length(); r++) {
                    assertEquals(1, runs.get(r), "row " + r + " in round " + round);
                }
                assertEquals(0, clashes.get(), "two threads in one slot");
                Thread zero = slots.get(0);                  // the caller's, if it ran a chunk before the workers
                assertTrue(zero == null || zero == Thread.currentThread(), "slot 0 ran on " + zero);
            }
        }
    }

    /**
     * A worker stopped inside the first chunk it takes (if it takes one before the caller has taken them all): the
     * caller computes every other chunk meanwhile, the worker's share included.
     */
    @Test
    void theCallerTakesTheChunksOfAStoppedWorker() throws Exception {
        try (WorkerTeam team = WorkerTeam.of(2)) {
            Thread caller = Thread.currentThread();
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger callerRows = new AtomicInteger();
            AtomicInteger workerRows = new AtomicInteger();
            AtomicIntegerArray runs = new AtomicIntegerArray(256);
            Thread watcher = new Thread(() -> {
                try {
                    while (callerRows.get() + workerRows.get() < 256) {
                        Thread.sleep(1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    release.countDown();
                }
            });
            watcher.start();
            RowParts.run(256, 2, true, team, (slot, from, to) -> {
                if (Thread.currentThread() == caller) {
                    callerRows.addAndGet(to - from);
                } else {
                    workerRows.addAndGet(to - from);
                    try {
                        assertTrue(release.await(20, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (int r = from; r < to; r++) {
                    runs.incrementAndGet(r);
                }
            });
            watcher.join();
            for (int r = 0; r < runs.length(); r++) {
                assertEquals(1, runs.get(r), "row " + r);
            }
            assertTrue(workerRows.get() <= 32, "the stopped worker ran " + workerRows + " rows, more than its chunk");
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
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RowParts.run(64, 2, false, team,
                    (slot, from, to) -> {
                        if (from == 32) {
                            throw new IllegalStateException("rows " + from + ".." + to);
                        }
                    }));
            assertEquals("rows 32..64", e.getMessage());
            AtomicInteger rows = new AtomicInteger();
            RowParts.run(64, 2, true, team, (slot, from, to) -> rows.addAndGet(to - from));
            assertEquals(64, rows.get());
        }
    }

    @Test
    void aClosedTeamRunsProductsOnTheCaller() {
        WorkerTeam team = WorkerTeam.of(2);
        team.close();
        List<Thread> ran = new ArrayList<>();
        RowParts.run(64, 2, true, team, (slot, from, to) -> ran.add(Thread.currentThread()));
        assertEquals(List.of(Thread.currentThread()), ran);
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
