package dev.rotor.model;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.rotor.Rotor;
import dev.rotor.layout.SourceLayout;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/**
 * Whole-model conversion timings on the BitNet b1.58 2B4T shapes (the README's performance figures):
 * <ul>
 *   <li>{@code memory}: the 210 ternary tensors already in memory in the Hugging Face layout, decoded into
 *       pre-allocated planes on all cores (target: at most 0.15 s on two cores);</li>
 *   <li>{@code file}: the Hugging Face safetensors file (1.18 GB, generated under {@code target/} on first use)
 *       converted to a rotor file from a warm page cache, against {@code cp} of the same file (target: at most
 *       1.5x), and {@code cp} followed by {@code sync}, since the conversion by default makes its output durable (fsync)
 *       before moving it into place. Every run starts after a {@code sync}, so no earlier run's writeback
 *       competes. Run it with {@code -Xmx256m} to see that the heap does not grow with the model.</li>
 * </ul>
 * Arguments: {@code memory|file [runs] [threads] [dir]}.
 */
public final class ModelConversionBench {
    private ModelConversionBench() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "memory";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        Path dir = Path.of(args.length > 3 ? args[3] : "target/bench-models");
        System.out.printf(Locale.ROOT, "rotor backend: %s; %d threads; max heap %d MB; %s%n", Rotor.backend(), threads,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
        switch (what) {
            case "memory" -> memory(runs, threads);
            case "file" -> file(runs, threads, dir);
            default -> throw new IllegalArgumentException("memory or file, not " + what);
        }
    }

    private static void memory(int runs, int threads) {
        SyntheticModel model = SyntheticModel.of(ModelShape.BITNET_B158_2B4T, 42);
        ModelConverter converter = ModelConverter.builder().threads(threads).build();
        try (Arena arena = Arena.ofShared()) {
            List<TernaryTensor> tensors = model.ternaryTensors(SourceLayout.HF_BITNET, arena);
            List<PlaneTensor> planes = tensors.stream().map(t -> PlaneTensor.allocate(t, arena)).toList();
            List<Double> seconds = new ArrayList<>();
            ConversionResult last = null;
            for (int i = 0; i < runs + 3; i++) {
                last = converter.toPlanes(tensors, planes);
                if (i >= 3) {
                    seconds.add(last.wallTime().toNanos() / 1e9);
                }
            }
            report("HF -> planes in memory, " + last.tensorsConverted() + " tensors, " + last.weights() + " weights, "
                    + (last.bytesIn() >> 20) + " MiB in", seconds, last.bytesIn());
        }
    }

    private static void file(int runs, int threads, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path source = dir.resolve("bitnet-2b4t-hf.safetensors");
        if (!Files.exists(source)) {
            System.out.println("generating " + source + " ...");
            SyntheticModel.of(ModelShape.BITNET_B158_2B4T, 42).write(source, SourceLayout.HF_BITNET);
        }
        Path copy = dir.resolve("copy.safetensors");
        Path rotor = dir.resolve("bitnet-2b4t.rotor.safetensors");
        ModelConverter durable = ModelConverter.builder().threads(threads).overwrite(true).build();
        ModelConverter fast = ModelConverter.builder().threads(threads).overwrite(true).durable(false).build();
        List<Double> cp = new ArrayList<>();
        List<Double> cpSync = new ArrayList<>();
        List<Double> convert = new ArrayList<>();
        List<Double> convertNoSync = new ArrayList<>();
        for (int i = 0; i < runs + 1; i++) {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(rotor);
            settle(source);
            double c = timeCommand("cp", source.toString(), copy.toString());
            double s = c + timeCommand("sync");
            settle(source);
            ConversionResult r = durable.toRotor(source, rotor);
            Files.deleteIfExists(rotor);
            settle(source);
            ConversionResult n = fast.toRotor(source, rotor);
            if (i > 0) {
                cp.add(c);
                cpSync.add(s);
                convert.add(r.wallTime().toNanos() / 1e9);
                convertNoSync.add(n.wallTime().toNanos() / 1e9);
            }
        }
        long size = Files.size(source);
        report("cp of the " + (size >> 20) + " MiB source", cp, size);
        report("cp, then sync", cpSync, size);
        report("HF file -> rotor file (written and fsynced)", convert, size);
        report("HF file -> rotor file (durable(false), like cp)", convertNoSync, size);
        System.out.printf(Locale.ROOT, "ratio (median): durable %.2fx cp + sync; durable(false) %.2fx cp%n",
                median(convert) / median(cpSync), median(convertNoSync) / median(cp));
        Files.deleteIfExists(copy);
    }

    /** Writes back every dirty page (so no earlier run's writeback competes), then warms the page cache. */
    private static void settle(Path file) throws IOException, InterruptedException {
        timeCommand("sync");
        warm(file);
    }

    /** Reads the whole file so it is in the page cache. */
    private static void warm(Path file) throws IOException {
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            while (in.read(buffer) >= 0) {
                // discard
            }
        }
    }

    private static double timeCommand(String... command) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException(Arrays.toString(command) + " failed with " + exit);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void report(String what, List<Double> seconds, long bytes) {
        double best = seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "%-60s best %.3f s, median %.3f s (%.2f GB/s in), runs %s%n", what, best,
                median(seconds), bytes / median(seconds) / 1e9, seconds.stream()
                        .map(s -> String.format(Locale.ROOT, "%.3f", s)).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
