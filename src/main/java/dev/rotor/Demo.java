package dev.rotor;

import java.util.List;
import java.util.Locale;

/**
 * The original library's headline test, measured honestly: converts a seeded random 2560x2560 layer
 * with every kernel, checks they agree, and prints the time of each and the speedups.
 * Run with {@code ./rotor demo} (or {@code java --add-modules jdk.incubator.vector -cp ... dev.rotor.Demo}).
 */
public final class Demo {
    private Demo() { }

    /** Prints the backend and the timing table; arguments: [rows cols]. */
    public static void main(String[] args) {
        int rows = args.length >= 2 ? Integer.parseInt(args[0]) : 2560;
        int cols = args.length >= 2 ? Integer.parseInt(args[1]) : 2560;
        System.out.println("rotor backend: " + Rotor.backend());
        System.out.printf(Locale.ROOT, "converting a %dx%d layer (%,d weights), best of 20 runs per kernel%n%n",
                rows, cols, (long) rows * cols);
        print(new QuickBench(rows, cols, 42, 20).run());
    }

    static void print(List<QuickBench.Measurement> results) {
        System.out.printf(Locale.ROOT, "%-16s %-12s %12s %10s %12s%n", "direction", "kernel", "time", "GB/s in",
                "vs reference");
        for (QuickBench.Measurement m : results) {
            double reference = results.stream()
                    .filter(r -> r.direction() == m.direction() && r.implementation().equals("reference"))
                    .mapToDouble(QuickBench.Measurement::seconds).findFirst().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "%-16s %-12s %9.3f ms %10.2f %11.0fx%n", m.direction().label(),
                    m.implementation(), m.seconds() * 1e3, m.gigabytesPerSecond(), reference / m.seconds());
        }
    }
}
