package dev.rotor.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

import dev.rotor.runtime.BitNetModel;
import dev.rotor.runtime.Generation;
import dev.rotor.runtime.Sampler;

/**
 * {@code rotor bench --model}: prompt processing and decoding speed of a model on seeded random token ids (like
 * llama.cpp's {@code llama-bench}: the text does not matter), beside the memory system's copy bandwidth measured
 * in the same run, which bounds decoding: each decoded token reads every weight once.
 */
final class ModelBench {
    /** Bytes each copy buffer holds: far past the last-level cache. */
    static final long COPY_BYTES = 512L << 20;
    private static final int COPY_REPS = 7;

    private ModelBench() { }

    /** One repetition: a prompt of {@code prompt} tokens, then {@code generate} tokens, in a fresh session. */
    record Rep(double promptTokensPerSecond, double decodeTokensPerSecond, long heapAfter) { }

    static Map<String, Object> measure(BitNetModel model, int prompt, int generate, int reps, int threads,
                                       Executor pool, Io io) {
        double copy = copyBandwidth(threads);
        io.note(String.format(Locale.ROOT, "copy bandwidth %.1f GB/s on %d thread(s)", copy / 1e9, threads));
        int[] ids = new SplittableRandom(42).ints(prompt, 0, model.config().vocabSize()).toArray();
        run(model, ids, Math.min(generate, 4), pool);    // warm-up: the JIT compiles the hot loops
        List<Rep> results = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int r = 0; r < reps; r++) {
            Generation g = run(model, ids, generate, pool);
            System.gc();
            Rep rep = new Rep(g.promptTokensPerSecond(), g.decodeTokensPerSecond(),
                    memory.getHeapMemoryUsage().getUsed());
            io.note(String.format(Locale.ROOT, "rep %d: prompt %.1f tokens/s, decode %.2f tokens/s, heap %d MB",
                    r + 1, rep.promptTokensPerSecond(), rep.decodeTokensPerSecond(), rep.heapAfter() >> 20));
            results.add(rep);
        }
        long bytes = model.weightBytesPerToken();
        double decode = median(results.stream().mapToDouble(Rep::decodeTokensPerSecond).toArray());
        double promptRate = median(results.stream().mapToDouble(Rep::promptTokensPerSecond).toArray());
        double boundSeconds = bytes / copy;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", model.path().toString());
        r.put("threads", threads);
        r.put("prompt_tokens", prompt);
        r.put("generated_tokens", generate);
        r.put("reps", reps);
        r.put("weight_bytes_per_token", bytes);
        r.put("copy_bytes_per_s", copy);
        r.put("bound_ms_per_token", boundSeconds * 1e3);
        r.put("bound_tokens_per_s", 1 / boundSeconds);
        r.put("decode_tokens_per_s", decode);
        r.put("decode_ms_per_token", 1e3 / decode);
        r.put("decode_over_bound", (1 / decode) / boundSeconds);
        r.put("prompt_tokens_per_s", promptRate);
        r.put("prompt_over_decode", promptRate / decode);
        r.put("heap_after_reps_mb", results.stream().mapToLong(x -> x.heapAfter() >> 20).toArray());
        r.put("max_heap_mb", memory.getHeapMemoryUsage().getMax() >> 20);
        return r;
    }

    private static Generation run(BitNetModel model, int[] ids, int generate, Executor pool) {
        return model.newSession(ids.length + generate, pool).generate(ids, generate, Sampler.greedy(), Set.of(),
                null);
    }

    /**
     * Bytes per second {@link MemorySegment#copy} moves between two off-heap buffers of {@link #COPY_BYTES} on
     * {@code threads} threads (each its own slice), the median of several copies.
     */
    static double copyBandwidth(int threads) {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment source = arena.allocate(COPY_BYTES, 4096);
            MemorySegment target = arena.allocate(COPY_BYTES, 4096);
            source.fill((byte) 1);
            target.fill((byte) 2);
            long slice = COPY_BYTES / threads;
            double[] rates = new double[COPY_REPS];
            for (int rep = 0; rep < COPY_REPS; rep++) {
                long start = System.nanoTime();
                List<CompletableFuture<Void>> parts = new ArrayList<>();
                for (int t = 1; t < threads; t++) {
                    long from = t * slice;
                    parts.add(CompletableFuture.runAsync(() -> MemorySegment.copy(source, from, target, from, slice),
                            pool));
                }
                MemorySegment.copy(source, 0, target, 0, slice);
                parts.forEach(CompletableFuture::join);
                rates[rep] = slice * threads / ((System.nanoTime() - start) / 1e9);
            }
            return median(rates);
        } finally {
            pool.shutdown();
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The text table of a result. */
    static String render(Map<String, Object> r) {
        return Table.keyValue()
                .row("model", r.get("model") + " (" + Units.bytes((long) r.get("weight_bytes_per_token"))
                        + " of weights per token)")
                .row("threads", String.valueOf(r.get("threads")))
                .row("copy", String.format(Locale.ROOT, "%.1f GB/s", (double) r.get("copy_bytes_per_s") / 1e9))
                .row("bound", String.format(Locale.ROOT, "%.1f ms per token (%.1f tokens/s)",
                        (double) r.get("bound_ms_per_token"), (double) r.get("bound_tokens_per_s")))
                .row("decode", String.format(Locale.ROOT, "%.2f tokens/s, %.1f ms per token = %.2fx the bound",
                        (double) r.get("decode_tokens_per_s"), (double) r.get("decode_ms_per_token"),
                        (double) r.get("decode_over_bound")))
                .row("prompt", String.format(Locale.ROOT, "%.1f tokens/s (%d tokens) = %.1fx decode",
                        (double) r.get("prompt_tokens_per_s"), (int) r.get("prompt_tokens"),
                        (double) r.get("prompt_over_decode")))
                .row("heap", Arrays.toString((long[]) r.get("heap_after_reps_mb")) + " MB after each rep (max "
                        + r.get("max_heap_mb") + " MB)")
                .render();
    }
}
