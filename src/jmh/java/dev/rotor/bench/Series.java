package dev.rotor.bench;

import java.util.Comparator;
import java.util.Locale;

/**
 * One line of the comparison: a kernel, the public API on one kind of memory, or the copy baseline.
 * {@code rank} orders series the same way in every table and chart.
 */
public record Series(String label, int rank) implements Comparable<Series> {
    private static final int API_RANK = 100;
    private static final int PARALLEL_RANK = 150;
    private static final int COPY_RANK = 200;

    /** The memory system's speed: a copy of the direction's larger side. */
    public static final Series COPY = new Series("copy (larger side)", COPY_RANK);

    public static Series kernel(Implementation impl) {
        return new Series(impl.label(), impl.ordinal());
    }

    public static Series api(Workload.Memory memory) {
        return new Series("Rotor API, " + memory.name().toLowerCase(Locale.ROOT), API_RANK + memory.ordinal());
    }

    /** Rotor's executor API on off-heap memory with rows split across {@code threads} workers. */
    public static Series parallel(int threads) {
        return new Series("Rotor API, " + threads + (threads == 1 ? " thread" : " threads"), PARALLEL_RANK + threads);
    }

    public boolean isKernel() {
        return rank < API_RANK;
    }

    @Override
    public int compareTo(Series other) {
        return Comparator.comparingInt(Series::rank).thenComparing(Series::label).compare(this, other);
    }
}
