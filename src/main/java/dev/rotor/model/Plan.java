package dev.rotor.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one conversion writes, decided (and checked) before the output file exists: how to lay the file out, and
 * the jobs that then fill it. Building a plan reads only headers and small scale tensors, so every shape, size and
 * layout problem is reported before anything is written.
 *
 * @param sourceTensors tensors of the source, numbered as the jobs' {@code tensorIndex}
 * @param converted     ternary tensors converted
 * @param copied        tensors copied bit for bit
 * @param weights       ternary weights converted
 * @param layout        creates and maps the output file
 * @param jobs          the jobs filling a mapped output
 */
record Plan(int sourceTensors, int converted, int copied, long weights, Layout layout, Jobs jobs) {
    /** Bytes per copy job: big tensors (such as a 656 MB embedding) are copied by all threads at once. */
    static final long COPY_CHUNK = 32L << 20;

    /** Creates the output file (header written, data zero) and maps it. */
    @FunctionalInterface
    interface Layout {
        MappedOutput create(Path file) throws IOException;
    }

    /** The jobs that fill the mapped output. */
    @FunctionalInterface
    interface Jobs {
        List<ParallelRunner.Job> of(MappedOutput out);
    }

    /** Jobs copying {@code source} into {@code destination} in chunks of at most {@link #COPY_CHUNK} bytes. */
    static List<ParallelRunner.Job> copy(String tensor, int tensorIndex, MemorySegment source,
                                         MemorySegment destination) {
        List<ParallelRunner.Job> jobs = new ArrayList<>();
        long size = source.byteSize();
        for (long at = 0; at < size || at == 0; at += COPY_CHUNK) {
            long from = at;
            long length = Math.min(COPY_CHUNK, size - at);
            jobs.add(new ParallelRunner.Job(tensor, tensorIndex, length, () -> {
                MemorySegment.copy(source, from, destination, from, length);
                return 0;
            }));
            if (size == 0) {
                break;
            }
        }
        return jobs;
    }
}
