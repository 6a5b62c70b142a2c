package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The executor variants split rows into several tasks and must give exactly the single-thread result. */
class ParallelConversionTest {
    /** 4100 rows of 2571 columns: several ~1 MB tasks, and rows with a partial last group. */
    private static final int ROWS = 4100;
    private static final int COLS = 2571;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(3);

    @AfterAll
    static void shutdown() {
        POOL.shutdown();
    }

    private static byte[] randomValues(long seed) {
        byte[] values = new byte[ROWS * COLS];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) (random.nextInt(3) - 1);
        }
        return values;
    }

    @Test
    void everyDirectionMatchesSingleThread() {
        byte[] values = randomValues(7);
        RotorPlanes expected = Rotor.fromInt8(values, ROWS, COLS);
        byte[] packed = Rotor.toBitNet(expected);

        byte[] pos = new byte[expected.pos().length];
        byte[] neg = new byte[expected.neg().length];
        Rotor.fromInt8(MemorySegment.ofArray(values), ROWS, COLS, MemorySegment.ofArray(pos), MemorySegment.ofArray(neg), POOL);
        assertArrayEquals(expected.pos(), pos);
        assertArrayEquals(expected.neg(), neg);

        byte[] pos2 = new byte[pos.length];
        byte[] neg2 = new byte[neg.length];
        assertEquals(0, Rotor.fromBitNet(MemorySegment.ofArray(packed), ROWS, COLS, MemorySegment.ofArray(pos2),
                MemorySegment.ofArray(neg2), InvalidCodePolicy.STRICT, ForkJoinPool.commonPool()));
        assertArrayEquals(expected.pos(), pos2);
        assertArrayEquals(expected.neg(), neg2);

        byte[] packed2 = new byte[packed.length];
        Rotor.toBitNet(MemorySegment.ofArray(pos), MemorySegment.ofArray(neg), ROWS, COLS, MemorySegment.ofArray(packed2), POOL);
        assertArrayEquals(packed, packed2);

        byte[] values2 = new byte[values.length];
        Rotor.toInt8(MemorySegment.ofArray(pos), MemorySegment.ofArray(neg), ROWS, COLS, MemorySegment.ofArray(values2), POOL);
        assertArrayEquals(values, values2);
    }

    @Test
    void invalidCodesAreCountedAcrossTasksAndTheFirstOneIsNamed() {
        byte[] packed = Rotor.toBitNet(Rotor.fromInt8(randomValues(8), ROWS, COLS));
        int stride = (COLS + 3) / 4;
        packed[3000 * stride + 5] |= 0b11 << 4;   // row 3000, column 22
        packed[4000 * stride] |= 0b11;            // row 4000, column 0
        MemorySegment pos = MemorySegment.ofArray(new byte[ROWS * ((COLS + 7) / 8)]);
        MemorySegment neg = MemorySegment.ofArray(new byte[ROWS * ((COLS + 7) / 8)]);
        assertEquals(2, Rotor.fromBitNet(MemorySegment.ofArray(packed), ROWS, COLS, pos, neg,
                InvalidCodePolicy.LENIENT, POOL));
        InvalidTernaryCodeException e = assertThrows(InvalidTernaryCodeException.class, () -> Rotor.fromBitNet(
                MemorySegment.ofArray(packed), ROWS, COLS, pos, neg, InvalidCodePolicy.STRICT, POOL));
        assertEquals(3000, e.row());
        assertEquals(22, e.column());
        assertEquals(2, e.invalidCount());
    }

    @Test
    void nullExecutorIsRejectedClearly() {
        MemorySegment m = MemorySegment.ofArray(new byte[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Rotor.fromInt8(m, 2, 8, m, m, null));
        assertEquals("executor is null", e.getMessage());
    }
}
