package dev.rotor.cli;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import dev.rotor.Rotor;
import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ConversionResult;
import dev.rotor.model.ModelConverter;
import dev.rotor.model.PlaneTensor;
import dev.rotor.model.TernaryTensor;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/**
 * The demo: generates a seeded BitNet-shaped model in memory (Hugging Face 2-bit packing, like the published
 * 2B4T model), converts every ternary tensor to rotor planes, checks a sample against a per-weight decoder,
 * and reports the time of each step.
 */
final class ModelDemo {
    /** Rows of every tensor compared weight by weight with {@link HfReference}. */
    static final int SAMPLE_ROWS = 8;
    static final SourceLayout LAYOUT = SourceLayout.HF_BITNET;
    static final ModelShape WARM_UP_SHAPE = ModelShape.SMALL;
    static final int WARM_UP_RUNS = 3;

    /**
     * One timed step.
     *
     * @param name    what was done
     * @param seconds how long it took
     * @param bytes   how many bytes it produced or processed (0: not meaningful)
     */
    record Step(String name, double seconds, long bytes) { }

    /**
     * What the demo did.
     *
     * @param shape   the model's shape
     * @param seed    the generator's seed
     * @param threads worker threads
     * @param backend the kernel, e.g. {@code vector 256-bit (AVX2)}
     * @param steps   the timed steps, in order
     * @param result  the conversion's counts
     * @param sample  what the reference check compared
     */
    record Report(ModelShape shape, long seed, int threads, String backend, List<Step> steps, ConversionResult result,
                  HfReference.Sample sample) { }

    private ModelDemo() { }

    /** Runs the demo, showing conversion progress through {@code io}. */
    static Report run(Io io, ModelShape shape, long seed, int threads) {
        List<Step> steps = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            long start = System.nanoTime();
            warmUp(shape.ternaryWeights() < WARM_UP_SHAPE.ternaryWeights() ? shape : WARM_UP_SHAPE, threads);
            start = step(steps, "warm up the JIT", start, 0);
            io.note("rotor demo: generating a " + shape.name() + "-shaped model in memory (seed " + seed + ")...");
            List<TernaryTensor> tensors = SyntheticModel.of(shape, seed).withThreads(threads)
                    .ternaryTensors(LAYOUT, arena);
            long packed = tensors.stream().mapToLong(t -> t.data().byteSize()).sum();
            start = step(steps, "generate (seeded)", start, packed);
            List<PlaneTensor> planes = tensors.stream().map(t -> PlaneTensor.allocate(t, arena)).toList();
            start = step(steps, "allocate planes", start, 2 * planeBytes(planes));
            ConversionResult result = convert(io, tensors, planes, threads);
            start = step(steps, "convert 2-bit -> planes", start, result.bytesIn());
            HfReference.Sample sample = HfReference.check(tensors, planes, SAMPLE_ROWS, seed);
            step(steps, "verify sample", start, sample.weights() / 4);
            return new Report(shape, seed, threads, Rotor.backend().toString(), steps, result, sample);
        }
    }

    /** Converts a small model a few times, so the timed conversion runs compiled code rather than the interpreter. */
    private static void warmUp(ModelShape shape, int threads) {
        try (Arena arena = Arena.ofShared()) {
            List<TernaryTensor> tensors = SyntheticModel.of(shape, 1).withThreads(threads)
                    .ternaryTensors(LAYOUT, arena);
            List<PlaneTensor> planes = tensors.stream().map(t -> PlaneTensor.allocate(t, arena)).toList();
            ModelConverter converter = ModelConverter.builder().threads(threads).build();
            for (int i = 0; i < WARM_UP_RUNS; i++) {
                converter.toPlanes(tensors, planes);
            }
        }
    }

    private static ConversionResult convert(Io io, List<TernaryTensor> tensors, List<PlaneTensor> planes,
                                            int threads) {
        try (ProgressReporter progress = io.progress("convert")) {
            return ModelConverter.builder().threads(threads).progress(progress.conversionProgress()).build()
                    .toPlanes(tensors, planes);
        }
    }

    private static long planeBytes(List<PlaneTensor> planes) {
        return planes.stream().mapToLong(p -> p.pos().byteSize()).sum();
    }

    /** Records a step that began at {@code start}; returns now, the next step's start. */
    private static long step(List<Step> steps, String name, long start, long bytes) {
        long now = System.nanoTime();
        steps.add(new Step(name, (now - start) / 1e9, bytes));
        return now;
    }

    /** The report for people. */
    static String render(Report report) {
        ModelShape shape = report.shape();
        ConversionResult result = report.result();
        String header = Table.keyValue()
                .row("model", shape.name() + ": " + shape.layers() + " layers, "
                        + Units.plural(shape.ternaryTensors(), "ternary tensor") + ", "
                        + Units.count(shape.ternaryWeights()) + " weights in Hugging Face 2-bit packing, seed "
                        + report.seed())
                .row("backend", report.backend() + ", " + Units.plural(report.threads(), "thread"))
                .render();
        String footer = Table.keyValue()
                .row("converted", Units.plural(result.tensorsConverted(), "tensor") + ", "
                        + Units.count(result.weights()) + " weights: " + Units.bytes(result.bytesIn())
                        + " packed -> " + Units.bytes(result.bytesOut()) + " of planes, "
                        + Units.plural(result.invalidCodes(), "invalid code"))
                .row("verified", Units.plural(report.sample().rows(), "sampled row") + " ("
                        + Units.count(report.sample().weights()) + " weights) against a per-weight decoder of the"
                        + " Hugging Face layout: all equal, scales too")
                .render();
        return header + "\n" + steps(report.steps()) + "\n" + footer;
    }

    private static String steps(List<Step> steps) {
        Table table = Table.of("step", "time", "data", "rate").right(1, 2, 3);
        double total = 0;
        for (Step step : steps) {
            boolean sized = step.bytes() > 0;
            table.row(step.name(), Units.duration(step.seconds()), sized ? Units.bytes(step.bytes()) : "",
                    sized ? Units.rate(step.bytes(), step.seconds()) : "");
            total += step.seconds();
        }
        return table.row("total", Units.duration(total), "", "").render();
    }
}
