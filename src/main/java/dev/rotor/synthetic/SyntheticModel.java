package dev.rotor.synthetic;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.io.AtomicFiles;
import dev.rotor.layout.SourceLayout;
import dev.rotor.layout.TernaryCodec;
import dev.rotor.model.ConversionProgress;
import dev.rotor.model.GgufTypes;
import dev.rotor.model.LlamaCppBitnet;
import dev.rotor.model.ModelConverter;
import dev.rotor.model.ModelFiles;
import dev.rotor.model.OutputFile;
import dev.rotor.model.ParallelRunner;
import dev.rotor.model.Plan;
import dev.rotor.model.ProgressTracker;
import dev.rotor.model.RotorFormat;
import dev.rotor.model.Scales;
import dev.rotor.model.TernaryTensor;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.tokenizer.Vocabulary;

/**
 * Seeded synthetic BitNet b1.58 models, written in any supported layout or built in memory, for tests, benchmarks
 * and demos. Tensor names, shapes and dtypes follow the real models:
 * <ul>
 *   <li>Hugging Face ({@link SourceLayout#HF_BITNET}): {@code model.embed_tokens.weight} BF16,
 *       {@code model.layers.N.self_attn.q_proj.weight} U8 {@code [rows/4, cols]} with a BF16 {@code [1]}
 *       {@code ..._proj.weight_scale}, norms ({@code input_layernorm}, {@code post_attention_layernorm},
 *       {@code self_attn.attn_sub_norm}, {@code mlp.ffn_sub_norm}, {@code model.norm}) BF16;</li>
 *   <li>bitnet2 ({@link SourceLayout#BITNET2}): the Hugging Face names and dtypes, weights
 *       {@code U8 [rows, ceil(cols/4)]} with a {@code bitnet2.NAME} metadata record and no scale;</li>
 *   <li>GGUF (I2_S, TQ2_0, TQ1_0): {@code token_embd.weight} F16, {@code blk.N.attn_q.weight} (attn_k, attn_v,
 *       attn_output, ffn_gate, ffn_up, ffn_down) in the ternary type, norms ({@code attn_norm}, {@code ffn_norm},
 *       {@code attn_sub_norm}, {@code ffn_sub_norm}, {@code output_norm}) F32, and the metadata llama.cpp's converter
 *       writes for its {@code bitnet} architecture (see {@link LlamaCppBitnet}) with a {@link SyntheticTokenizer}
 *       of the shape's vocabulary size, so that llama.cpp loads and runs the file (the output is noise).</li>
 * </ul>
 * The ternary values of tensor k depend only on the seed and k, not on the layout: the same seed gives the same
 * weights in every layout. About a third of the weights are each -1, 0 and +1 (or see {@link #withZeroFraction}).
 *
 * <p>{@link ModelShape#BITNET_B158_2B4T} writes about 1.2 GB; generation is parallel and bounded in heap, like
 * conversion.
 */
public final class SyntheticModel {
    private final ModelShape shape;
    private final long seed;
    private final double zeroFraction;
    private final int threads;
    private final boolean uniformBlockScales;

    private SyntheticModel(ModelShape shape, long seed, double zeroFraction, int threads, boolean uniformBlockScales) {
        this.shape = shape;
        this.seed = seed;
        this.zeroFraction = zeroFraction;
        this.threads = threads;
        this.uniformBlockScales = uniformBlockScales;
    }

    /** A model of {@code shape} whose content is determined by {@code seed}. */
    public static SyntheticModel of(ModelShape shape, long seed) {
        return new SyntheticModel(shape, seed, 1.0 / 3, Runtime.getRuntime().availableProcessors(), false);
    }

    /** The same model with this share of zero weights (default 1/3; trained models are often near 0.4). */
    public SyntheticModel withZeroFraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("zero fraction must be in [0, 1], not " + fraction);
        }
        return new SyntheticModel(shape, seed, fraction, threads, uniformBlockScales);
    }

    /** The same model, generated on this many threads (default: the available processors). */
    public SyntheticModel withThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + count);
        }
        return new SyntheticModel(shape, seed, zeroFraction, count, uniformBlockScales);
    }

    /**
     * The same model with one scale in every TQ2_0 / TQ1_0 block of a tensor, as llama.cpp's converter writes a
     * BitNet checkpoint (each block's {@code d} is the tensor's mean |W|), instead of a random scale per block.
     * Other layouts are unchanged.
     */
    public SyntheticModel withUniformBlockScales() {
        return new SyntheticModel(shape, seed, zeroFraction, threads, true);
    }

    /** The model's shape. */
    public ModelShape shape() {
        return shape;
    }

    /**
     * Writes the model to {@code file} in {@code layout}: a GGUF file for the GGUF layouts, safetensors otherwise
     * (replacing an existing file, atomically).
     *
     * @throws IllegalArgumentException if the layout cannot hold the shape (TQ needs multiples of 256 columns)
     */
    public void write(Path file, SourceLayout layout) throws IOException {
        GeneratedFile plan = new GeneratedFile(layout);
        AtomicFiles.write(file, true, List.of(), temporary -> {
            try (OutputFile out = plan.create(temporary)) {
                List<ParallelRunner.Job> jobs = plan.jobs(out);
                new ParallelRunner(threads, new ProgressTracker(ConversionProgress.NONE, plan.specs.size(), jobs))
                        .run(jobs);
            }
        });
    }

    /**
     * Writes a Hugging Face {@code config.json} for this shape, with
     * {@code "quantization_config": {"quant_method": "bitnet", "linear_class": "autobitlinear", ...}} (the synthetic
     * {@code weight_scale}s multiply).
     */
    public void writeHfConfig(Path file) throws IOException {
        var root = RotorFormat.JSON.createObjectNode();
        root.putArray("architectures").add("BitNetForCausalLM");
        root.put("model_type", "bitnet").put("hidden_size", shape.hidden())
                .put("intermediate_size", shape.intermediate()).put("num_hidden_layers", shape.layers())
                .put("num_attention_heads", shape.heads()).put("num_key_value_heads", shape.kvHeads())
                .put("vocab_size", shape.vocab()).put("max_position_embeddings", SyntheticMetadata.CONTEXT_LENGTH)
                .put("rms_norm_eps", SyntheticMetadata.RMS_NORM_EPS).put("rope_theta", SyntheticMetadata.ROPE_THETA)
                .put("hidden_act", "relu2").put("tie_word_embeddings", true).put("torch_dtype", "bfloat16");
        root.putObject("quantization_config").put("quant_method", "bitnet").put("linear_class", "autobitlinear")
                .put("quantization_mode", "offline");
        Files.writeString(file, root.toPrettyString());
    }

    /**
     * Writes the model as a Hugging Face model directory: {@code model.safetensors} (Hugging Face packing),
     * {@code config.json} (see {@link #writeHfConfig}), {@code generation_config.json}, and a
     * {@link SyntheticTokenizer} of the shape's vocabulary size as {@code tokenizer.json} and
     * {@code tokenizer_config.json} (with 2B4T's chat template). {@code dir} is created if needed.
     */
    public void writeHfDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve(ModelFiles.WEIGHTS), SourceLayout.HF_BITNET);
        writeHfConfig(dir.resolve("config.json"));
        Vocabulary vocabulary = SyntheticTokenizer.vocabulary(shape.vocab(), seed);
        String bos = vocabulary.tokens().get(vocabulary.bosId());
        String eos = vocabulary.tokens().get(vocabulary.eosId());
        Files.writeString(dir.resolve("generation_config.json"), RotorFormat.JSON.createObjectNode()
                .put("bos_token_id", vocabulary.bosId()).put("eos_token_id", vocabulary.eosId())
                .put("do_sample", true).put("temperature", 0.6).put("top_p", 0.9).toPrettyString());
        Files.writeString(dir.resolve("tokenizer.json"), vocabulary.tokenizerJson());
        Files.writeString(dir.resolve("tokenizer_config.json"), RotorFormat.JSON.createObjectNode()
                .put("bos_token", bos).put("eos_token", eos).put("chat_template", SyntheticTokenizer.CHAT_TEMPLATE)
                .put("model_max_length", SyntheticMetadata.CONTEXT_LENGTH)
                .put("tokenizer_class", "PreTrainedTokenizerFast").toPrettyString());
    }

    /**
     * The ternary tensors (7 per layer, with their Hugging Face names) packed in {@code layout}, in memory allocated
     * from {@code arena}; for demos and benchmarks of {@link ModelConverter#toPlanes}. Generated in parallel
     * unless the arena is confined.
     */
    public List<TernaryTensor> ternaryTensors(SourceLayout layout, Arena arena) {
        List<BitNetTensors.Spec> specs = ternarySpecs();
        TernaryCodec codec = TernaryCodec.of(layout);
        List<TernaryTensor> tensors = new ArrayList<>(specs.size());
        List<ParallelRunner.Job> jobs = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            BitNetTensors.Spec s = specs.get(i);
            MemorySegment data = arena.allocate(codec.dataSize(s.rows(), s.cols()), 64);
            float[] scales = layout == SourceLayout.HF_BITNET ? new float[] {hfScale(i)} : new float[0];
            tensors.add(new TernaryTensor(s.hfName(), layout, s.rows(), s.cols(), data, scales));
            int index = i;
            jobs.add(new ParallelRunner.Job(s.hfName(), i, data.byteSize(), scratch -> {
                fillTernary(index, s, codec, scratch.get(2 * s.rows() * RotorFormat.planeStride(s.cols())), data);
                return 0;
            }));
        }
        try {
            ParallelRunner.forSegments(threads, new ProgressTracker(ConversionProgress.NONE, specs.size(), jobs),
                    tensors.stream().map(TernaryTensor::data).toList()).run(jobs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return tensors;
    }

    private List<BitNetTensors.Spec> ternarySpecs() {
        return BitNetTensors.of(shape).stream().filter(s -> s.kind() == BitNetTensors.Kind.TERNARY).toList();
    }

    // ---- content: tensor k's values depend only on (seed, k) ----

    /** Encodes tensor {@code index}'s random planes (and data scales) into {@code data}, using {@code planes}. */
    private void fillTernary(int index, BitNetTensors.Spec s, TernaryCodec codec, MemorySegment planes,
                             MemorySegment data) {
        long planeSize = planes.byteSize() / 2;
        MemorySegment pos = planes.asSlice(0, planeSize);
        MemorySegment neg = planes.asSlice(planeSize, planeSize);
        RandomWeights.planes(RandomWeights.random(seed, index, 0), pos, neg, s.rows(), s.cols(), zeroFraction);
        codec.encode(pos, neg, dataScales(index, codec, s), s.rows(), s.cols(), data);
    }

    private float[] dataScales(int index, TernaryCodec codec, BitNetTensors.Spec s) {
        int count = Math.toIntExact(codec.scaleCount(s.rows(), s.cols()));
        SplittableRandom random = RandomWeights.random(seed, index, 1);
        float[] scales = new float[count];
        boolean fp16 = codec.layout() != SourceLayout.GGUF_I2_S;
        for (int i = 0; i < count; i++) {
            scales[i] = uniformBlockScales && i > 0 ? scales[0] : RandomWeights.scale(random, 0.5f, fp16);
        }
        return scales;
    }

    /** Tensor {@code index}'s Hugging Face weight_scale (exact in BF16). */
    private float hfScale(int index) {
        return RandomWeights.bf16Scale(RandomWeights.random(seed, index, 2), 1.5f);
    }

    /** The layout of one generated file: what it declares and the jobs that fill it. */
    private final class GeneratedFile {
        final SourceLayout layout;
        final boolean gguf;
        final TernaryCodec codec;
        final List<BitNetTensors.Spec> specs = BitNetTensors.of(shape);

        GeneratedFile(SourceLayout layout) {
            this.layout = layout;
            this.gguf = GgufTypes.ggmlType(layout) != null;
            this.codec = TernaryCodec.of(layout);
        }

        OutputFile create(Path file) throws IOException {
            if (gguf) {
                List<TensorSpec<GgmlType>> tensors = new ArrayList<>();
                for (BitNetTensors.Spec s : specs) {
                    tensors.add(new TensorSpec<>(s.ggufName(), ggmlType(s), GgufTypes.reverse(s.shape()),
                            OutputFile.LATER));
                }
                return OutputFile.gguf(file, SyntheticMetadata.gguf(shape, layout, seed), tensors);
            }
            List<TensorSpec<SafetensorsDType>> tensors = new ArrayList<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("format", "pt");
            for (BitNetTensors.Spec s : specs) {
                if (s.kind() != BitNetTensors.Kind.TERNARY) {
                    tensors.add(new TensorSpec<>(s.hfName(), SafetensorsDType.BF16, s.shape(),
                            OutputFile.LATER));
                } else if (layout == SourceLayout.HF_BITNET) {
                    tensors.add(new TensorSpec<>(s.hfName(), SafetensorsDType.U8,
                            new long[] {s.rows() / 4, s.cols()}, OutputFile.LATER));
                    tensors.add(new TensorSpec<>(s.hfName() + RotorFormat.HF_SCALE_SUFFIX,
                            SafetensorsDType.BF16, new long[] {1}, OutputFile.LATER));
                } else {
                    tensors.add(new TensorSpec<>(s.hfName(), SafetensorsDType.U8,
                            new long[] {s.rows(), (s.cols() + 3L) / 4}, OutputFile.LATER));
                    metadata.put(RotorFormat.BITNET2_PREFIX + s.hfName(), RotorFormat.JSON.createObjectNode()
                            .put("rows", s.rows()).put("cols", s.cols()).toString());
                }
            }
            return OutputFile.safetensors(file, metadata, tensors);
        }

        private GgmlType ggmlType(BitNetTensors.Spec s) {
            return switch (s.kind()) {
                case TERNARY -> GgufTypes.ggmlType(layout);
                case EMBEDDING -> GgmlType.F16;
                case NORM -> GgmlType.F32;
            };
        }

        List<ParallelRunner.Job> jobs(OutputFile out) {
            List<ParallelRunner.Job> jobs = new ArrayList<>();
            int ternary = 0;
            for (int i = 0; i < specs.size(); i++) {
                BitNetTensors.Spec s = specs.get(i);
                String name = gguf ? s.ggufName() : s.hfName();
                if (s.kind() == BitNetTensors.Kind.TERNARY) {
                    jobs.add(ternaryJob(i, ternary++, s, name, out));
                } else {
                    jobs.addAll(plainJobs(i, s, name, out));
                }
            }
            return jobs;
        }

        private ParallelRunner.Job ternaryJob(int index, int ternaryIndex, BitNetTensors.Spec s, String name,
                                              OutputFile out) {
            long size = out.size(name);
            long planes = 2 * s.rows() * RotorFormat.planeStride(s.cols());
            return new ParallelRunner.Job(name, index, size, scratch -> {
                MemorySegment buffer = scratch.get(planes + size);
                MemorySegment data = buffer.asSlice(planes, size);
                fillTernary(ternaryIndex, s, codec, buffer.asSlice(0, planes), data);
                out.write(name, 0, data);
                if (layout == SourceLayout.HF_BITNET) {
                    MemorySegment scale = buffer.asSlice(0, 2);
                    Scales.write(new float[] {hfScale(ternaryIndex)}, SafetensorsDType.BF16, scale);
                    out.write(name + RotorFormat.HF_SCALE_SUFFIX, 0, scale);
                }
                return 0;
            });
        }

        private List<ParallelRunner.Job> plainJobs(int index, BitNetTensors.Spec s, String name, OutputFile out) {
            long[] masks = switch (s.kind()) {
                case EMBEDDING -> gguf ? RandomWeights.F16_SMALL : RandomWeights.BF16_SMALL;
                default -> gguf ? RandomWeights.F32_NEAR_ONE : RandomWeights.BF16_NEAR_ONE;
            };
            List<ParallelRunner.Job> jobs = new ArrayList<>();
            long size = out.size(name);
            for (long at = 0, part = 0; at < size; at += Plan.COPY_CHUNK, part++) {
                long from = at;
                long length = Math.min(Plan.COPY_CHUNK, size - at);
                SplittableRandom random = RandomWeights.random(seed, 1_000_000L + index, part);
                jobs.add(new ParallelRunner.Job(name, index, length, scratch -> {
                    MemorySegment chunk = scratch.get(length);
                    RandomWeights.bits(random, chunk, masks[0], masks[1]);
                    out.write(name, from, chunk);
                    return 0;
                }));
            }
            return jobs;
        }
    }
}
