package dev.rotor.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.rotor.container.ModelFormatException;

/** Checks that tensors' data ranges within a file's data area do not overlap (and, if asked, leave no gaps). */
public final class DataRanges {
    /** One tensor's bytes: {@code [begin, end)} relative to the data area, which starts at file offset {@code base}. */
    public record Range(String name, long begin, long end) {
    }

    private DataRanges() {
    }

    /**
     * @param base       file offset of the data area, for messages
     * @param dataSize   size of the data area
     * @param contiguous whether the ranges must tile the data area exactly (safetensors) or may leave gaps (GGUF)
     */
    public static void check(Path path, long base, long dataSize, List<Range> ranges, boolean contiguous) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::begin).thenComparingLong(Range::end));
        long end = 0;
        String previous = null;
        for (Range range : sorted) {
            if (range.begin() < end) {
                throw new ModelFormatException(path, range.name(), base + range.begin(), "data [" + range.begin()
                        + ", " + range.end() + ") overlaps tensor '" + previous + "' which ends at " + end);
            }
            if (contiguous && range.begin() > end) {
                throw new ModelFormatException(path, range.name(), base + end, "data starts at " + range.begin()
                        + " leaving a gap of " + (range.begin() - end) + " unused bytes after "
                        + (previous == null ? "the header" : "tensor '" + previous + "'"));
            }
            end = range.end();
            previous = range.name();
        }
        if (contiguous && end != dataSize) {
            throw new ModelFormatException(path, null, base + end, (dataSize - end)
                    + " trailing bytes after the last tensor's data (data area is " + dataSize + " bytes)");
        }
    }
}
