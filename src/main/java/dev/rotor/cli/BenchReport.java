package dev.rotor.cli;

import java.util.List;

import dev.rotor.Backend;
import dev.rotor.Rotor;

/**
 * The result of a {@link QuickBench} run: every direction with every kernel, with speedups over the
 * reference kernel. Every kernel's output was checked against the reference before it was timed.
 *
 * @param backend     the kernel conversions use by default, and why
 * @param rows        matrix rows
 * @param cols        matrix columns
 * @param repetitions timed repetitions per case (the best is kept)
 * @param results     one entry per direction and kernel
 */
record BenchReport(Chosen backend, int rows, int cols, int repetitions, List<Result> results) implements Report {
    /** Seed of the benchmark matrix, fixed so runs are comparable. */
    static final long SEED = 42;

    /**
     * The default kernel.
     *
     * @param kernel e.g. {@code vector 256-bit (AVX2)}
     * @param why    why it was chosen
     */
    record Chosen(String kernel, String why) {
        static Chosen of(Backend backend) {
            return new Chosen(backend.toString(), BackendFacts.why(backend));
        }
    }

    /**
     * One timed case.
     *
     * @param direction            e.g. {@code 2-bit -> planes}
     * @param implementation       {@code reference}, {@code scalar}, {@code vector-256}, ...
     * @param seconds              best time of one conversion
     * @param gigabytesPerSecond   input bytes per second / 10^9
     * @param speedupOverReference the reference kernel's time divided by this one's
     */
    record Result(String direction, String implementation, double seconds, double gigabytesPerSecond,
                  double speedupOverReference) { }

    /** Runs the benchmark (seconds to minutes, depending on the size). */
    static BenchReport measure(int rows, int cols, int repetitions) {
        List<QuickBench.Measurement> measured = new QuickBench(rows, cols, SEED, repetitions).run();
        List<Result> results = measured.stream().map(m -> result(m, measured)).toList();
        return new BenchReport(Chosen.of(Rotor.backend()), rows, cols, repetitions, results);
    }

    private static Result result(QuickBench.Measurement m, List<QuickBench.Measurement> all) {
        double reference = all.stream()
                .filter(r -> r.direction() == m.direction() && r.implementation().equals("reference"))
                .mapToDouble(QuickBench.Measurement::seconds).findFirst().orElse(Double.NaN);
        return new Result(m.direction().label(), m.implementation(), m.seconds(), m.gigabytesPerSecond(),
                reference / m.seconds());
    }

    /** Backend, matrix and the table of times, throughputs and speedups, for people. */
    @Override
    public String render() {
        String header = Table.keyValue()
                .row("backend", backend.kernel())
                .row("why", backend.why())
                .row("matrix", rows + "x" + cols + " (" + Units.count((long) rows * cols) + " weights), best of "
                        + repetitions + " runs per kernel")
                .render();
        Table table = Table.of("direction", "kernel", "time", "GB/s in", "vs reference").right(2, 3, 4);
        for (Result r : results) {
            table.row(r.direction(), r.implementation(), Units.millis(r.seconds()),
                    Units.gigabytesPerSecond(r.gigabytesPerSecond()), Units.times(r.speedupOverReference()));
        }
        return header + "\n" + table.render()
                + "\nevery kernel's output matched the reference kernel bit for bit\n";
    }
}
