package dev.rotor.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.container.ModelFormatException;
import dev.rotor.io.AtomicFiles;
import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;

/**
 * Converts whole models between packed ternary layouts and rotor files (README, "The rotor file format").
 *
 * <pre>{@code
 * ModelConverter converter = ModelConverter.builder().progress(bar::update).build();
 * ConversionResult r = converter.toRotor(Path.of("model.safetensors"), Path.of("model.rotor.safetensors"));
 * converter.fromRotor(Path.of("model.rotor.safetensors"), Path.of("again.safetensors"));   // bit-identical data
 * converter.fromRotor(Path.of("model.rotor.safetensors"), Path.of("model.gguf"), SourceLayout.GGUF_TQ2_0);
 * }</pre>
 *
 * <p><b>Inputs.</b> Hugging Face BitNet safetensors ({@code U8 [rows/4, cols]} weights with a {@code NAME_scale}
 * tensor; recognised by {@code config.json}'s {@code quantization_config.quant_method = bitnet} when there is one
 * next to the file, whose {@code linear_class} says whether the scale divides or multiplies), GGUF with I2_S, TQ2_0
 * or TQ1_0 tensors, and bitnet2 safetensors (a {@code bitnet2.NAME} metadata record per tensor); a file, or a Hugging
 * Face model directory with one {@code model.safetensors} or a sharded checkpoint (see {@link ModelFiles}), whose
 * {@code config.json}, {@code generation_config.json}, {@code tokenizer.json} and {@code tokenizer_config.json} the
 * rotor file carries as {@code hf.NAME}. The layout is detected from the file unless {@link Builder#sourceLayout}
 * names it. Every other tensor is copied bit for bit, and every metadata key carried, so the output is a whole model.
 *
 * <p><b>Resources.</b> Input and output are memory-mapped; tensors are converted in parallel on
 * {@link Builder#threads} threads, straight from the input mapping into the output mapping, so the heap needed
 * does not grow with the model (a 2B-parameter model converts in a 256 MB heap).
 *
 * <p><b>Safety.</b> The output is written to a temporary file in the target's folder and moved into place only
 * when complete: a failed run leaves no output and no temporary file, and never touches an existing target. A
 * termination signal (SIGTERM, SIGINT) deletes the temporary file before the JVM exits; one left by a killed
 * ({@code kill -9}) conversion of the same target is deleted by the next one, which lists it in
 * {@link ConversionResult#staleTemporaries()}.
 * An existing target is replaced only when {@link Builder#overwrite} allows it; writing onto the input is refused.
 *
 * <p><b>Errors.</b> A malformed or inconsistent model (shape or size mismatch, missing or non-finite scale, unknown
 * layout, invalid ternary code under {@link InvalidCodePolicy#STRICT}, ...) is a {@link ModelFormatException}
 * naming the file, the tensor and, where known, the byte offset. Instances are immutable and thread-safe.
 */
public final class ModelConverter {
    /** The weights' file name in a directory target of a GGUF layout. */
    static final String GGUF_WEIGHTS = "model.gguf";
    private final int threads;
    private final InvalidCodePolicy policy;
    private final ConversionProgress progress;
    private final SourceLayout sourceLayout;
    private final boolean overwrite;
    private final boolean durable;

    private ModelConverter(Builder b) {
        this.threads = b.threads;
        this.policy = b.policy;
        this.progress = b.progress;
        this.sourceLayout = b.sourceLayout;
        this.overwrite = b.overwrite;
        this.durable = b.durable;
    }

    /** A converter with the defaults: all cores, STRICT, no progress, layout detected, no overwriting. */
    public static ModelConverter create() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Converts a packed model (a file or a Hugging Face model directory) to a rotor file.
     *
     * @throws ModelFormatException                  if the source is malformed or holds no ternary tensor
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists and overwriting is off
     * @throws IllegalArgumentException              if {@code target} is {@code source}
     * @throws IOException                           if reading or writing fails
     */
    public ConversionResult toRotor(Path source, Path target) throws IOException {
        long start = System.nanoTime();
        try (SourceModel model = SourceModel.open(source, sourceLayout)) {
            return write(model.files(), model.fileSize(), PackedToRotorPlanner.plan(model, policy), target, start);
        }
    }

    /**
     * Converts a rotor file back, every ternary tensor to the layout it was converted from (GGUF layouts may mix
     * in one GGUF file; Hugging Face and bitnet2 tensors must all share one layout). The tensor data and scales
     * are bit-identical to the source's.
     *
     * @throws ModelFormatException if the file is not a valid rotor file, or its tensors' layouts cannot share a file
     * @throws IOException          if reading or writing fails
     */
    public ConversionResult fromRotor(Path rotor, Path target) throws IOException {
        return fromRotor(rotor, target, null);
    }

    /**
     * Converts a rotor file to {@code layout} (a GGUF file for the GGUF layouts, safetensors otherwise). Scales
     * are carried over only where that is exact: one scale spreads to every TQ block and equal block scales merge
     * into one; between the multiply and divide conventions only powers of two convert; otherwise the tensor is
     * reported. Names are kept as they are, except that a Hugging Face model going to GGUF gets llama.cpp's names and
     * keys ({@link LlamaCppBitnet}).
     *
     * <p>A {@code target} that is an existing directory receives the model as a Hugging Face directory does:
     * the weights as {@code model.safetensors} (or {@code model.gguf}) and, for safetensors, the files the rotor file
     * carries ({@code config.json}, {@code generation_config.json}, {@code tokenizer.json},
     * {@code tokenizer_config.json}) byte for byte. Existing files there are replaced only with
     * {@link Builder#overwrite}; if writing one fails, the files this call wrote are deleted.
     *
     * @param layout the target layout, or null for each tensor's recorded source layout
     * @throws ModelFormatException if the file is invalid, or a tensor's shape or scales do not fit {@code layout}
     * @throws IOException          if reading or writing fails
     */
    public ConversionResult fromRotor(Path rotor, Path target, SourceLayout layout) throws IOException {
        long start = System.nanoTime();
        try (RotorModel model = RotorModel.open(rotor)) {
            Plan plan = RotorToPackedPlanner.plan(model, layout);
            if (Files.isDirectory(target)) {
                return toDirectory(model, plan, RotorToPackedPlanner.writesGguf(model, layout), target, start);
            }
            return write(List.of(rotor), model.fileSize(), plan, target, start);
        }
    }

    /** The weights and the carried Hugging Face files into {@code dir}. */
    private ConversionResult toDirectory(RotorModel model, Plan plan, boolean gguf, Path dir, long start)
            throws IOException {
        Path weights = dir.resolve(gguf ? GGUF_WEIGHTS : ModelFiles.WEIGHTS);
        Map<Path, String> files = new LinkedHashMap<>();
        for (String name : gguf ? List.<String>of() : SafetensorsSource.CARRIED_FILES) {
            String text = model.metadata().get(RotorFormat.HF_FILE_PREFIX + name);
            if (text != null) {
                files.put(dir.resolve(name), text);
            }
        }
        List<Path> targets = new ArrayList<>(List.of(weights));
        targets.addAll(files.keySet());
        if (!overwrite) {
            for (Path file : targets) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAlreadyExistsException(file.toString());
                }
            }
        }
        ConversionResult result = write(List.of(model.path()), model.fileSize(), plan, weights, start);
        List<Path> written = new ArrayList<>(List.of(weights));
        long bytes = result.bytesOut();
        try {
            for (Map.Entry<Path, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                AtomicFiles.write(file.getKey(), overwrite, durable, List.of(model.path()),
                        temporary -> Files.write(temporary, content));
                written.add(file.getKey());
                bytes += content.length;
            }
        } catch (IOException | RuntimeException e) {
            for (Path file : written) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
        return new ConversionResult(result.tensorsConverted(), result.tensorsCopied(), result.weights(),
                result.bytesIn(), bytes, result.invalidCodes(), since(start), result.staleTemporaries());
    }

    /**
     * Decodes in-memory packed tensors into planes, in parallel: {@code planes.get(i)} receives
     * {@code tensors.get(i)} (see {@link PlaneTensor#allocate}). Segments of a confined arena are converted on the
     * calling thread only; use a shared (or global, or automatic) arena for parallel conversion. Scales are copied (Hugging Face) or read from the
     * data (GGUF layouts); a layout without scales gives the scale 1.
     *
     * @return the result; {@code bytesOut} counts the plane bytes written
     * @throws ModelFormatException     naming the tensor, on an invalid code (STRICT), a bad size or scale
     * @throws IllegalArgumentException if the lists differ in length or a pair differs in shape
     */
    public ConversionResult toPlanes(List<TernaryTensor> tensors, List<PlaneTensor> planes) {
        long start = System.nanoTime();
        if (tensors.size() != planes.size()) {
            throw new IllegalArgumentException(tensors.size() + " tensors but " + planes.size() + " plane tensors");
        }
        List<ParallelRunner.Job> jobs = new ArrayList<>(tensors.size());
        long weights = 0;
        long bytesIn = 0;
        long bytesOut = 0;
        for (int i = 0; i < tensors.size(); i++) {
            TernaryTensor t = tensors.get(i);
            PlaneTensor p = planes.get(i);
            jobs.add(InMemoryJobs.decode(i, t, p, policy));
            weights += (long) t.rows() * t.cols();
            bytesIn += t.data().byteSize();
            bytesOut += 2 * t.rows() * RotorFormat.planeStride(t.cols());
        }
        try {
            List<MemorySegment> segments = new ArrayList<>();
            tensors.forEach(t -> segments.add(t.data()));
            planes.forEach(p -> segments.addAll(List.of(p.pos(), p.neg())));
            long invalid = ParallelRunner.forSegments(threads, new ProgressTracker(progress, tensors.size(), jobs),
                    segments).run(jobs);
            return new ConversionResult(tensors.size(), 0, weights, bytesIn, bytesOut, invalid, since(start),
                    List.of());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ConversionResult write(List<Path> inputs, long inputSize, Plan plan, Path target, long start)
            throws IOException {
        long[] written = new long[2];
        List<Path> stale;
        try (KernelWarmup warmup = KernelWarmup.start(plan.samples())) {
            stale = AtomicFiles.write(target, overwrite, durable, inputs, file -> {
                try (OutputFile out = plan.layout().create(file)) {
                    if (!durable) {
                        out.skipBackgroundFlush();
                    }
                    List<ParallelRunner.Job> jobs = plan.jobs().of(out, warmup);
                    ProgressTracker tracker = new ProgressTracker(progress, plan.sourceTensors(), jobs);
                    written[0] = new ParallelRunner(threads, tracker).run(jobs);
                    warmup.close(); // no more ternary jobs: stop racing before the fsync
                    written[1] = out.fileSize();
                }
            });
        }
        return new ConversionResult(plan.converted(), plan.copied(), plan.weights(), inputSize, written[1],
                written[0], since(start), stale);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Decoding jobs for in-memory tensors. */
    private static final class InMemoryJobs {
        static ParallelRunner.Job decode(int index, TernaryTensor t, PlaneTensor p, InvalidCodePolicy policy) {
            if (t.rows() != p.rows() || t.cols() != p.cols()) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' is " + t.rows() + "x" + t.cols()
                        + " but its planes '" + p.name() + "' are " + p.rows() + "x" + p.cols());
            }
            TernaryCodec codec = TernaryCodec.of(t.layout());
            TernaryJobs.Origin origin = new TernaryJobs.Origin(Path.of("<memory>"), t.name(), -1);
            return new ParallelRunner.Job(t.name(), index, t.data().byteSize(), scratch -> {
                long invalid = TernaryJobs.decode(origin, codec, t.data(), t.rows(), t.cols(), p.pos(), p.neg(),
                        policy);
                scales(origin, codec, t, p.scales());
                return invalid;
            });
        }

        private static void scales(TernaryJobs.Origin origin, TernaryCodec codec, TernaryTensor t, float[] out) {
            long count = codec.scaleCount(t.rows(), t.cols());
            if (count > 0) {
                requireLength(origin, out, count);
                codec.readScales(t.data(), t.rows(), t.cols(), out);
            } else {
                float[] source = t.scales().length > 0 ? t.scales() : new float[] {1f};
                requireLength(origin, out, source.length);
                System.arraycopy(source, 0, out, 0, source.length);
            }
            TernaryJobs.checked(origin, out, t.layout().scaleConvention());
        }

        private static void requireLength(TernaryJobs.Origin origin, float[] out, long count) {
            if (out.length < count) {
                throw origin.error("needs " + count + " scales, the plane tensor holds " + out.length, null);
            }
        }
    }

    /** Options of a {@link ModelConverter}. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private InvalidCodePolicy policy = InvalidCodePolicy.STRICT;
        private ConversionProgress progress = ConversionProgress.NONE;
        private SourceLayout sourceLayout;
        private boolean overwrite;
        private boolean durable = true;

        private Builder() {
        }

        /** Worker threads (default: the available processors); 1 converts on the calling thread. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** What to do with invalid codes: {@link InvalidCodePolicy#STRICT} (default) fails, LENIENT counts them. */
        public Builder invalidCodePolicy(InvalidCodePolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Receives progress (default: none). */
        public Builder progress(ConversionProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * The source's ternary layout, instead of detecting it (null: detect). For safetensors this decides how
         * {@code U8} tensors are read (bitnet2 without metadata: every 2-D U8 tensor, {@code cols = 4 * shape[1]});
         * for GGUF, whose tensor types say their layout, every ternary tensor must have this one.
         */
        public Builder sourceLayout(SourceLayout layout) {
            this.sourceLayout = layout;
            return this;
        }

        /** Whether an existing target may be replaced (default false); it is replaced only by a complete output. */
        /**
         * Whether the output is fsynced before it is moved into place (default true), so that a power failure
         * cannot leave a complete-looking but partial file. False is what {@code cp} does: faster, and the file
         * still appears only when complete if the process fails.
         */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        public Builder overwrite(boolean overwrite) {
            this.overwrite = overwrite;
            return this;
        }

        /** The converter. */
        public ModelConverter build() {
            return new ModelConverter(this);
        }
    }
}
