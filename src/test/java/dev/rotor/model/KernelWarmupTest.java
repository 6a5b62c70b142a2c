package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.Rotor;
import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/** Which codec the jobs get while and after the race, the race's end, and the samples it races on. */
class KernelWarmupTest {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @Test
    void jobsStartOnThePortableCodecAndSwitchWhenTheChosenOneWins() throws Exception {
        SourceLayout layout = SourceLayout.GGUF_TQ2_0;
        TernaryCodec fast = TernaryCodec.portable(layout);
        TernaryCodec slow = slowed(TernaryCodec.portable(layout), 2);
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean gate = new AtomicBoolean(false);
        try (KernelWarmup warmup = new KernelWarmup(List.of(counting(layout, runs, gate)),
                contenders(fast, slow, 10_000_000_000L))) {
            assertSame(slow, warmup.codec(layout), "before the race is won the jobs run the portable codec");
            gate.set(true);
            awaitCodec(warmup, layout, fast);
            assertTrue(runs.get() >= 2 * KernelWarmup.WINS_NEEDED, "raced " + runs + " calls");
        }
    }

    @Test
    void theJobsGoBackToThePortableCodecWhenItOvertakes() throws Exception {
        SourceLayout layout = SourceLayout.GGUF_TQ1_0;
        AtomicLong chosenDelay = new AtomicLong(0);
        TernaryCodec chosen = slowed(TernaryCodec.portable(layout), chosenDelay);
        TernaryCodec portable = slowed(TernaryCodec.portable(layout), new AtomicLong(2));
        try (KernelWarmup warmup = new KernelWarmup(List.of(counting(layout, new AtomicInteger(), new AtomicBoolean(true))),
                contenders(chosen, portable, TimeUnit.HOURS.toNanos(1)))) {
            awaitCodec(warmup, layout, chosen);
            chosenDelay.set(5); // say the chosen codec was deoptimized
            awaitCodec(warmup, layout, portable);
            chosenDelay.set(0); // and compiled again
            awaitCodec(warmup, layout, chosen);
        }
    }

    @Test
    void aChosenCodecThatNeverWinsIsGivenUpAndTheJobsStayPortable() throws Exception {
        SourceLayout layout = SourceLayout.HF_BITNET;
        TernaryCodec portable = TernaryCodec.portable(layout);
        AtomicInteger runs = new AtomicInteger();
        try (KernelWarmup warmup = new KernelWarmup(List.of(counting(layout, runs, new AtomicBoolean(true))),
                contenders(slowed(portable, 2), portable, TimeUnit.MILLISECONDS.toNanos(200)))) {
            awaitRaceEnd(warmup);
            assertTrue(runs.get() > 0, "never raced");
            assertSame(portable, warmup.codec(layout));
        }
    }

    @Test
    void aSampleThatThrowsEndsTheRaceAndTheJobsStayPortable() throws Exception {
        SourceLayout layout = SourceLayout.GGUF_I2_S;
        TernaryCodec fast = TernaryCodec.portable(layout);
        TernaryCodec start = slowed(fast, 1);
        KernelWarmup.Operation reject = (codec, scratch) -> {
            throw new IllegalArgumentException("rejected");
        };
        KernelWarmup.Sample failing = new KernelWarmup.Sample(layout, reject);
        try (KernelWarmup warmup = new KernelWarmup(List.of(failing), contenders(fast, start, TimeUnit.HOURS.toNanos(1)))) {
            awaitRaceEnd(warmup);
            assertSame(start, warmup.codec(layout));
        }
    }

    @Test
    void closeStopsARaceAtOnce() {
        SourceLayout layout = SourceLayout.BITNET2;
        TernaryCodec portable = TernaryCodec.portable(layout);
        KernelWarmup warmup = new KernelWarmup(List.of(counting(layout, new AtomicInteger(), new AtomicBoolean(true))),
                contenders(slowed(portable, 2), portable, TimeUnit.HOURS.toNanos(1)));
        long start = System.nanoTime();
        warmup.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "close waited for the race to end");
        assertTrue(!warmup.racing(), "still racing after close");
    }

    @Test
    void withoutSamplesOrWithoutVectorKernelsTheJobsRunTheChosenCodecFromTheStart() {
        try (KernelWarmup none = KernelWarmup.start(List.of())) {
            for (SourceLayout layout : SourceLayout.values()) {
                assertSame(TernaryCodec.of(layout), none.codec(layout));
            }
        }
        if (!Rotor.backend().isVector()) {
            try (KernelWarmup scalar = KernelWarmup.start(List.of(counting(SourceLayout.HF_BITNET,
                    new AtomicInteger(), new AtomicBoolean(true))))) {
                assertSame(TernaryCodec.of(SourceLayout.HF_BITNET), scalar.codec(SourceLayout.HF_BITNET));
            }
        }
    }

    @Test
    void racesRunOnSixteenRowsOrAsFewMoreAsTheLayoutHolds() {
        assertEquals(16, KernelWarmup.sampleRows(TernaryCodec.of(SourceLayout.HF_BITNET), 2560, 6912));
        assertEquals(16, KernelWarmup.sampleRows(TernaryCodec.of(SourceLayout.GGUF_TQ1_0), 640, 2560));
        assertEquals(32, KernelWarmup.sampleRows(TernaryCodec.of(SourceLayout.GGUF_I2_S), 100, 4), "whole blocks");
        assertEquals(12, KernelWarmup.sampleRows(TernaryCodec.of(SourceLayout.BITNET2), 12, 2560), "fewer rows");
        assertEquals(64, KernelWarmup.sampleRows(TernaryCodec.of(SourceLayout.GGUF_I2_S), 64, 2), "no fit: all");
    }

    @ParameterizedTest
    @EnumSource(SourceLayout.class)
    void samplesDecodeAndEncodeTheTensorsFirstRows(SourceLayout layout) {
        try (Arena arena = Arena.ofShared(); Scratch scratch = new Scratch()) {
            TernaryTensor t = SyntheticModel.of(ModelShape.TINY, ModelFixtures.SEED).ternaryTensors(layout, arena)
                    .getFirst();
            TernaryCodec codec = TernaryCodec.of(layout);
            int rows = KernelWarmup.sampleRows(codec, t.rows(), t.cols());
            long planeSize = rows * RotorFormat.planeStride(t.cols());
            MemorySegment expected = arena.allocate(2 * planeSize);
            MemorySegment pos = expected.asSlice(0, planeSize);
            MemorySegment neg = expected.asSlice(planeSize, planeSize);
            codec.decode(t.data(), rows, t.cols(), pos, neg, InvalidCodePolicy.STRICT);

            KernelWarmup.decode(layout, t.data(), t.rows(), t.cols()).operation().run(codec, scratch);
            assertEquals(-1, scratch.get(2 * planeSize).mismatch(expected), layout.id() + ", " + rows + " rows");

            KernelWarmup.encode(layout, pos, neg, t.rows(), t.cols()).operation().run(TernaryCodec.portable(layout),
                    scratch);
            MemorySegment again = arena.allocate(2 * planeSize);
            codec.decode(scratch.get(codec.dataSize(rows, t.cols())), rows, t.cols(), again.asSlice(0, planeSize),
                    again.asSlice(planeSize, planeSize), InvalidCodePolicy.STRICT);
            assertEquals(-1, again.mismatch(expected), layout.id() + ": the encode sample wrote other weights");
        }
    }

    private static void awaitCodec(KernelWarmup warmup, SourceLayout layout, TernaryCodec expected)
            throws InterruptedException {
        long start = System.nanoTime();
        while (warmup.codec(layout) != expected && System.nanoTime() - start < WAIT_NANOS) {
            Thread.sleep(5);
        }
        assertSame(expected, warmup.codec(layout), "the jobs did not switch to the codec that won");
    }

    private static void awaitRaceEnd(KernelWarmup warmup) throws InterruptedException {
        long start = System.nanoTime();
        while (warmup.racing() && System.nanoTime() - start < WAIT_NANOS) {
            Thread.sleep(5);
        }
        assertTrue(!warmup.racing(), "the race did not end");
    }

    private static KernelWarmup.Contenders contenders(TernaryCodec chosen, TernaryCodec portable, long patience) {
        Function<SourceLayout, TernaryCodec> c = layout -> chosen;
        Function<SourceLayout, TernaryCodec> p = layout -> portable;
        return new KernelWarmup.Contenders(c, p, patience);
    }

    /** A codec that takes {@code millis} longer per decode or encode. */
    private static TernaryCodec slowed(TernaryCodec codec, long millis) {
        return slowed(codec, new AtomicLong(millis));
    }

    /** A codec that takes {@code millis} (as it is at the time) longer per decode or encode. */
    private static TernaryCodec slowed(TernaryCodec codec, AtomicLong millis) {
        return new TernaryCodec() {
            @Override
            public SourceLayout layout() {
                return codec.layout();
            }

            @Override
            public long dataSize(int rows, int cols) {
                return codec.dataSize(rows, cols);
            }

            @Override
            public long scaleCount(int rows, int cols) {
                return codec.scaleCount(rows, cols);
            }

            @Override
            public long decode(MemorySegment data, int rows, int cols, MemorySegment pos, MemorySegment neg,
                               InvalidCodePolicy policy) {
                pause();
                return codec.decode(data, rows, cols, pos, neg, policy);
            }

            @Override
            public void readScales(MemorySegment data, int rows, int cols, float[] scales) {
                codec.readScales(data, rows, cols, scales);
            }

            @Override
            public void encode(MemorySegment pos, MemorySegment neg, float[] scales, int rows, int cols,
                               MemorySegment data) {
                pause();
                codec.encode(pos, neg, scales, rows, cols, data);
            }

            private void pause() {
                sleep(millis.get());
            }
        };
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Decodes a small all-zero tensor and counts the runs; waits, without running, while the gate is shut. */
    private static KernelWarmup.Sample counting(SourceLayout layout, AtomicInteger runs, AtomicBoolean gate) {
        MemorySegment data = Arena.ofAuto().allocate(4096);
        int rows = layout == SourceLayout.HF_BITNET ? 4 : 1;
        long planeSize = rows * RotorFormat.planeStride(256);
        KernelWarmup.Operation decode = (codec, scratch) -> {
            while (!gate.get()) {
                Thread.onSpinWait();
            }
            MemorySegment planes = scratch.get(2 * planeSize);
            codec.decode(data, rows, 256, planes.asSlice(0, planeSize), planes.asSlice(planeSize, planeSize),
                    InvalidCodePolicy.LENIENT);
            runs.incrementAndGet();
        };
        return new KernelWarmup.Sample(layout, decode);
    }
}
