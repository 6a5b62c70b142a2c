package dev.rotor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

import dev.rotor.CopyBenchmark;
import dev.rotor.KernelBenchmark;
import dev.rotor.RotorBenchmark;
import dev.rotor.kernel.Direction;

/**
 * The Java side next to the hand-written AVX2 C kernels ({@code bench/native/convert_avx2.c}), in one
 * session: reads the table the C program printed, runs the public {@code Rotor} API on heap arrays, the
 * vector kernel on off-heap buffers and {@code MemorySegment.copy} of each direction's larger side under
 * JMH in sample mode (every call timed, as the C program times them: best and median of the calls after
 * warm-up), and prints one markdown table with the ratios the AVX2 goal is stated in. Run by
 * {@code bench/native/convert-compare.sh}.
 *
 * <p>Arguments: the C program's output file, the size ({@code ROWSxCOLS}), then JMH options (e.g.
 * {@code -jvmArgsAppend -XX:UseAVX=2}).
 */
public final class NativeComparison {
    /** The hand-written C side of one direction: its best AVX2 kernel and memcpy of the larger side. */
    private record CSide(String kernel, double best, double median, double copyMedian) { }

    /** Best and median of one Java series, in microseconds. */
    private record Sample(double best, double median) {
        static Sample of(RunResult result) {
            Statistics s = result.getPrimaryResult().getStatistics();
            return new Sample(s.getPercentile(0), s.getPercentile(50));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f (%.1f)", median, best);
        }
    }

    private NativeComparison() { }

    public static void main(String[] args) throws IOException, CommandLineOptionException, RunnerException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: NativeComparison C-OUTPUT-FILE ROWSxCOLS [JMH options]");
        }
        Map<Direction, CSide> c = readC(Path.of(args[0]));
        String size = args[1];
        Implementation vector = Implementation.runnable().getLast();
        CommandLineOptions cli = new CommandLineOptions(Arrays.copyOfRange(args, 2, args.length));
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(cli)
                .include(RotorBenchmark.class.getName() + ".convert")
                .include(KernelBenchmark.class.getName() + ".convert")
                .include(CopyBenchmark.class.getName() + ".*")
                .mode(Mode.SampleTime).timeUnit(TimeUnit.MICROSECONDS)
                .param("size", size).param("memory", "HEAP").param("impl", vector.name())
                .build()).run();
        System.out.println();
        System.out.println("Times in us, median (best); Java " + vector.label() + ", JVM options "
                + cli.getJvmArgsAppend().orElse(List.of()) + ". Goal: 2-bit -> planes within 1.25x of the C AVX2"
                + " kernel, the others within 1.25x of the slower of the C AVX2 kernel and memcpy.");
        System.out.println();
        System.out.println("| conversion | C AVX2 kernel | C AVX2 | C memcpy of the larger side | Rotor API, heap"
                + " | vector kernel, off-heap | MemorySegment.copy of the larger side | API / goal's yardstick |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Direction d : Direction.values()) {
            CSide cd = c.get(d);
            if (cd == null) {
                throw new IllegalArgumentException(args[0] + " has no C results for " + d.label());
            }
            Sample api = find(results, RotorBenchmark.class, d);
            double yardstick = d == Direction.BITNET_TO_PLANES ? cd.median() : Math.max(cd.median(), cd.copyMedian());
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f (%.1f) | %.1f | %s | %s | %s | %.2fx |%n", d.label(),
                    cd.kernel(), cd.median(), cd.best(), cd.copyMedian(), api, find(results, KernelBenchmark.class, d),
                    find(results, CopyBenchmark.class, d), api.median() / yardstick);
        }
    }

    private static Sample find(Collection<RunResult> results, Class<?> benchmark, Direction d) {
        return results.stream()
                .filter(r -> r.getParams().getBenchmark().startsWith(benchmark.getName() + "."))
                .filter(r -> r.getParams().getParam("direction").equals(d.name()))
                .map(Sample::of).findFirst()
                .orElseThrow(() -> new IllegalStateException("no result of " + benchmark.getSimpleName() + " " + d));
    }

    /**
     * Parses the C program's rows {@code | direction | kernel | best | median | GB/s |}: per direction the
     * AVX2 kernel with the lowest median and the memcpy row.
     */
    private static Map<Direction, CSide> readC(Path file) throws IOException {
        Map<Direction, CSide> sides = new EnumMap<>(Direction.class);
        Map<Direction, Double> copies = new EnumMap<>(Direction.class);
        for (String line : Files.readAllLines(file)) {
            String[] cells = line.split("\\|");
            if (cells.length < 5) {
                continue;
            }
            Direction d = Arrays.stream(Direction.values()).filter(x -> x.label().equals(cells[1].trim()))
                    .findFirst().orElse(null);
            if (d == null) {
                continue;
            }
            String kernel = cells[2].trim();
            double best = Double.parseDouble(cells[3].trim());
            double median = Double.parseDouble(cells[4].trim());
            if (kernel.startsWith("memcpy")) {
                copies.put(d, median);
            } else if (kernel.startsWith("AVX2") && (!sides.containsKey(d) || median < sides.get(d).median())) {
                sides.put(d, new CSide(kernel, best, median, 0));
            }
        }
        sides.replaceAll((d, s) -> new CSide(s.kernel(), s.best(), s.median(), copies.getOrDefault(d, Double.NaN)));
        return sides;
    }
}
