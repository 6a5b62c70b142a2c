package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
        CountingSample sample = new CountingSample(layout, runs);
        sample.gate.set(false);
        try (KernelWarmup warmup = new KernelWarmup(List.of(sample), contenders(fast, slow, 10_000_000_000L))) {
            assertSame(slow, warmup.codec(layout), "before the race is won the jobs run the portable codec");
            sample.gate.set(true);
            awaitCodec(warmup, layout, fast);
            assertTrue(runs.get() >= 2 * KernelWarmup.WINS_NEEDED, "raced " + runs + " calls");
        }
    }

    @Test
    void aChosenCodecThatNeverWinsIsGivenUpAndTheJobsStayPortable() throws Exception {
        SourceLayout layout = SourceLayout.HF_BITNET;
        TernaryCodec portable = TernaryCodec.portable(layout);
        AtomicInteger runs = new AtomicInteger();
        try (KernelWarmup warmup = new KernelWarmup(List.of(new CountingSample(layout, runs)),
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
        KernelWarmup.Sample failing = new KernelWarmup.Sample() {
            @Override
            public SourceLayout layout() {
                return layout;
            }

            @Override
            public void run(TernaryCodec codec, Scratch scratch) {
                throw new IllegalArgumentException("rejected");
            }
        };
        try (KernelWarmup warmup = new KernelWarmup(List.of(failing), contenders(fast, start, TimeUnit.HOURS.toNanos(1)))) {
            awaitRaceEnd(warmup);
            assertSame(start, warmup.codec(layout));
        }
    }

    @Test
    void closeStopsARaceAtOnce() {
        SourceLayout layout = SourceLayout.BITNET2;
        TernaryCodec portable = TernaryCodec.portable(layout);
        KernelWarmup warmup = new KernelWarmup(List.of(new CountingSample(layout, new AtomicInteger())),
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
            try (KernelWarmup scalar = KernelWarmup.start(List.of(new CountingSample(SourceLayout.HF_BITNET,
                    new AtomicInteger())))) {
                assertSame(TernaryCodec.of(SourceLayout.HF_BITNET), scalar.codec(SourceLayout.HF_BITNET));
            }
        }
    }

    @Test
    void samplesAreTheFirstColumnsOfAsFewRowsAsTheLayoutNeeds() {
        long plenty = Long.MAX_VALUE;
        assertArrayEquals(new int[] {4, 512}, shape(SourceLayout.HF_BITNET, 2560, 2560, plenty));
        assertArrayEquals(new int[] {1, 512}, shape(SourceLayout.GGUF_TQ2_0, 640, 2560, plenty));
        assertArrayEquals(new int[] {1, 512}, shape(SourceLayout.GGUF_TQ1_0, 640, 6912, plenty));
        assertArrayEquals(new int[] {1, 512}, shape(SourceLayout.GGUF_I2_S, 6912, 2560, plenty));
        assertArrayEquals(new int[] {1, 512}, shape(SourceLayout.BITNET2, 3, 2560, plenty));
        assertArrayEquals(new int[] {2, 64}, shape(SourceLayout.GGUF_I2_S, 6, 64, plenty), "whole I2_S blocks");
        assertArrayEquals(new int[] {4, 100}, shape(SourceLayout.HF_BITNET, 8, 100, plenty), "narrow tensor");
        assertArrayEquals(new int[] {8, 2560}, shape(SourceLayout.HF_BITNET, 8, 2560, 100), "no prefix fits");
    }

    private static int[] shape(SourceLayout layout, int rows, int cols, long available) {
        TernaryCodec codec = TernaryCodec.of(layout);
        return KernelWarmup.sampleShape(codec, rows, cols, codec::dataSize, available);
    }

    @ParameterizedTest
    @EnumSource(SourceLayout.class)
    void aDecodeSampleDecodesTheTensorsOwnFirstWeights(SourceLayout layout) {
        try (Arena arena = Arena.ofShared(); Scratch scratch = new Scratch()) {
            TernaryTensor t = SyntheticModel.of(ModelShape.TINY, ModelFixtures.SEED).ternaryTensors(layout, arena)
                    .getFirst();
            TernaryCodec codec = TernaryCodec.of(layout);
            int[] shape = KernelWarmup.sampleShape(codec, t.rows(), t.cols(), codec::dataSize, t.data().byteSize());
            KernelWarmup.decode(layout, t.data(), t.rows(), t.cols()).run(codec, scratch);
            MemorySegment sample = scratch.get(2 * shape[0] * RotorFormat.planeStride(shape[1]));
            long planeSize = shape[0] * RotorFormat.planeStride(shape[1]);
            MemorySegment expected = arena.allocate(2 * planeSize);
            codec.decode(t.data().asSlice(0, codec.dataSize(shape[0], shape[1])), shape[0], shape[1],
                    expected.asSlice(0, planeSize), expected.asSlice(planeSize, planeSize), InvalidCodePolicy.LENIENT);
            assertEquals(-1, sample.mismatch(expected), layout + " sample " + shape[0] + "x" + shape[1]);
            assertTrue(sample.asSlice(0, planeSize).elements(ValueLayout.JAVA_BYTE).anyMatch(b -> b.get(
                    ValueLayout.JAVA_BYTE, 0) != 0), "the sample decoded only zeros");
        }
    }

    @ParameterizedTest
    @EnumSource(SourceLayout.class)
    void anEncodeSampleEncodesWithoutError(SourceLayout layout) {
        try (Arena arena = Arena.ofShared(); Scratch scratch = new Scratch()) {
            TernaryTensor t = SyntheticModel.of(ModelShape.TINY, ModelFixtures.SEED).ternaryTensors(layout, arena)
                    .getFirst();
            PlaneTensor planes = PlaneTensor.allocate(t, arena);
            ModelConverter.create().toPlanes(List.of(t), List.of(planes));
            KernelWarmup.Sample sample = KernelWarmup.encode(layout, planes.pos(), planes.neg(), t.rows(), t.cols());
            sample.run(TernaryCodec.of(layout), scratch);
            sample.run(TernaryCodec.portable(layout), scratch);
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
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Decodes a small all-zero TQ-sized tensor; counts its runs; holds back (without running) while the gate is shut. */
    private static final class CountingSample implements KernelWarmup.Sample {
        final AtomicBoolean gate = new AtomicBoolean(true);
        private final SourceLayout layout;
        private final AtomicInteger runs;
        private final MemorySegment data = Arena.ofAuto().allocate(4096);

        CountingSample(SourceLayout layout, AtomicInteger runs) {
            this.layout = layout;
            this.runs = runs;
        }

        @Override
        public SourceLayout layout() {
            return layout;
        }

        @Override
        public void run(TernaryCodec codec, Scratch scratch) {
            while (!gate.get()) {
                Thread.onSpinWait();
            }
            int rows = layout == SourceLayout.HF_BITNET ? 4 : 1;
            MemorySegment planes = scratch.get(2L * rows * 32);
            codec.decode(data, rows, 256, planes.asSlice(0, rows * 32L), planes.asSlice(rows * 32L, rows * 32L),
                    InvalidCodePolicy.LENIENT);
            runs.incrementAndGet();
        }
    }
}
