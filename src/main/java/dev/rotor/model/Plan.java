package dev.rotor.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;

/**
 * What one conversion writes, decided (and checked) before the output file exists: how to lay the file out, and
 * the jobs that then fill it. Building a plan reads only headers and small scale tensors, so every shape, size and
 * layout problem is reported before anything is written.
 *
 * @param sourceTensors tensors of the source, numbered as the jobs' {@code tensorIndex}
 * @param converted     ternary tensors converted
 * @param copied        tensors copied bit for bit
 * @param weights       ternary weights converted
 * @param layout        creates the output file
 * @param jobs          the jobs filling it
 * @param samples       a few rows of the first ternary tensor of each layout, for {@link KernelWarmup}
 */
public record Plan(int sourceTensors, int converted, int copied, long weights, Layout layout, Jobs jobs,
                   List<KernelWarmup.Sample> samples) {
    /** Bytes per copy job: big tensors (such as a 656 MB embedding) are copied by all threads at once. */
    public static final long COPY_CHUNK = 32L << 20;

    /** Creates the output file (header written, data zero) and opens it for the jobs. */
    @FunctionalInterface
    interface Layout {
        OutputFile create(Path file) throws IOException;
    }

    /** The jobs that fill the output, their ternary tensors run on the codecs {@code codecs} gives at the time. */
    @FunctionalInterface
    interface Jobs {
        List<ParallelRunner.Job> of(OutputFile out, CodecChoice codecs);
    }

    /** Which codec a ternary job of a layout runs (see {@link KernelWarmup}). */
    @FunctionalInterface
    interface CodecChoice {
        TernaryCodec codec(SourceLayout layout);
    }

    /**
     * Jobs copying {@code size} bytes at {@code offset} of file {@code input} into output tensor {@code name}, in
     * chunks of at most {@link #COPY_CHUNK} bytes, file to file inside the kernel (no pass through user memory).
     */
    static List<ParallelRunner.Job> copy(int tensorIndex, Path input, long offset, long size, OutputFile out,
                                         String name) {
        List<ParallelRunner.Job> jobs = new ArrayList<>();
        long at = 0;
        do {
            long from = at;
            long length = Math.min(COPY_CHUNK, size - at);
            jobs.add(new ParallelRunner.Job(name, tensorIndex, length, scratch -> {
                out.copy(input, offset + from, name, from, length);
                return 0;
            }));
            at += COPY_CHUNK;
        } while (at < size);
        return jobs;
    }
}
