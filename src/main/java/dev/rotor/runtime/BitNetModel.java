package dev.rotor.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.rotor.compute.BitLinear;
import dev.rotor.compute.FloatMatrix;
import dev.rotor.compute.TernaryMatrix;
import dev.rotor.container.StoredTensor;
import dev.rotor.model.RotorFile;
import dev.rotor.model.RotorFormat;
import dev.rotor.runtime.TensorNames.Part;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.tokenizer.Llama3Tokenizer;

/**
 * A BitNet b1.58 model (transformers' {@code BitNetForCausalLM}) over a memory-mapped rotor file: the ternary
 * projections are {@link BitLinear} layers on the file's planes and the token embedding a {@link FloatMatrix} on its
 * stored bytes (BF16, F16 or F32, widened exactly when read), neither copied to the heap; RMSNorm weights are read
 * into floats. The configuration, tokenizer, chat template and sampling defaults come from the file's metadata
 * (README, "The rotor file format": a Hugging Face model's files as {@code hf.*}, GGUF keys as {@code gguf.*}) or
 * from a Hugging Face model directory.
 *
 * <p>Tensors are found under Hugging Face names ({@code model.layers.N.self_attn.q_proj.weight}, ...) or
 * llama.cpp's GGUF names ({@code blk.N.attn_q.weight}, ...). The output head is {@code lm_head.weight} /
 * {@code output.weight} if the file has one, else the embedding (tied).
 *
 * <p>A model is immutable and shared by any number of {@link Session}s, each with its own key/value cache; it is
 * valid until {@link #close()}.
 *
 * <pre>{@code
 * try (BitNetModel model = BitNetModel.load(Path.of("model.rotor.safetensors"))) {
 *     Session session = model.newSession(4096, null);
 *     Llama3Tokenizer tok = model.tokenizer().orElseThrow();
 *     Generation g = session.generate(tok.encode("The capital of France is", true), 32, Sampler.greedy(),
 *             model.stopTokens(), id -> System.out.print(tok.decode(new int[] {id})));
 * }
 * }</pre>
 */
public final class BitNetModel implements AutoCloseable {
    private final RotorFile file;
    private final BitNetConfig config;
    private final FloatMatrix embedding;
    private final FloatMatrix head;
    private final float[] finalNorm;
    private final List<Layer> layers;
    private final Optional<Llama3Tokenizer> tokenizer;
    private final String tokenizerProblem;
    private final Optional<String> chatTemplate;
    private final SamplingSettings samplingDefaults;
    private final Set<Integer> stopTokens;

    private BitNetModel(RotorFile file, ModelMetadata metadata, BitNetConfig override) {
        this.file = file;
        Tensors tensors = new Tensors(file);
        this.embedding = tensors.floats(tensors.names.embedding());
        this.config = override != null ? override : metadata.config(embedding.rows());
        tensors.requireShape(embedding, config.vocabSize(), config.hiddenSize());
        this.head = tensors.has(tensors.names.head()) ? tensors.floats(tensors.names.head()) : tiedHead(tensors);
        tensors.requireShape(head, config.vocabSize(), config.hiddenSize());
        this.finalNorm = tensors.norm(tensors.names.finalNorm(), config.hiddenSize());
        this.layers = java.util.stream.IntStream.range(0, config.layers()).mapToObj(tensors::layer).toList();
        StringBuilder why = new StringBuilder();
        this.tokenizer = metadata.tokenizer(why);
        this.tokenizerProblem = why.toString();
        this.chatTemplate = tokenizer.flatMap(Llama3Tokenizer::chatTemplate);
        this.samplingDefaults = metadata.samplingDefaults();
        this.stopTokens = metadata.stopTokens(config, tokenizer);
    }

    private FloatMatrix tiedHead(Tensors tensors) {
        if (!config.tiedEmbeddings()) {
            throw new UnsupportedModelException(file.path() + " has no " + tensors.names.head() + " and the "
                    + "configuration does not tie the output head to the embedding (tie_word_embeddings false)");
        }
        return embedding;
    }

    /**
     * Opens a rotor file and reads the model's configuration and tokenizer from its metadata.
     *
     * @throws UnsupportedModelException if the model is not a BitNet b1.58 model this runtime runs, or a tensor is
     *                                   missing or of the wrong shape (one sentence saying which)
     * @throws IOException               if the file cannot be read
     */
    public static BitNetModel load(Path rotorFile) throws IOException {
        return open(rotorFile, file -> ModelMetadata.of(file.metadata()), null);
    }

    /**
     * Opens a rotor file, taking the configuration, tokenizer and chat template from the files of a Hugging Face
     * model directory ({@code config.json}, and if present {@code generation_config.json}, {@code tokenizer.json},
     * {@code tokenizer_config.json}) instead of the rotor file's metadata.
     */
    public static BitNetModel load(Path rotorFile, Path modelDirectory) throws IOException {
        return open(rotorFile, file -> ModelMetadata.of(file.metadata(), modelDirectory), null);
    }

    /** Opens a rotor file with this configuration (tokenizer and the rest from the file's metadata, if any). */
    public static BitNetModel load(Path rotorFile, BitNetConfig config) throws IOException {
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        return open(rotorFile, file -> ModelMetadata.of(file.metadata()), config);
    }

    private interface MetadataSource {
        ModelMetadata read(RotorFile file) throws IOException;
    }

    private static BitNetModel open(Path path, MetadataSource source, BitNetConfig config) throws IOException {
        RotorFile file = RotorFile.open(path);
        try {
            return new BitNetModel(file, source.read(file), config);
        } catch (RuntimeException | IOException e) {
            file.close();
            throw e;
        }
    }

    /** The hyper-parameters. */
    public BitNetConfig config() {
        return config;
    }

    /** The tokenizer the file carries, if it has one the runtime supports ({@link #tokenizerProblem()} if not). */
    public Optional<Llama3Tokenizer> tokenizer() {
        return tokenizer;
    }

    /** Why {@link #tokenizer()} is empty (one sentence), or an empty string. */
    public String tokenizerProblem() {
        return tokenizerProblem;
    }

    /** The chat template's text, if the model has one. */
    public Optional<String> chatTemplate() {
        return chatTemplate;
    }

    /** Sampling settings the model's files suggest (generation_config.json or GGUF), else llama.cpp's defaults. */
    public SamplingSettings samplingDefaults() {
        return samplingDefaults;
    }

    /** Token ids that end generation: end of text and end of turn. */
    public Set<Integer> stopTokens() {
        return stopTokens;
    }

    /**
     * Bytes of weights one decoded token reads: every ternary plane (two bits per weight), the output head and the
     * RMSNorm weights (as stored: 4 bytes per float). Decoding is bound by how fast memory delivers them.
     */
    public long weightBytesPerToken() {
        long bytes = head.byteSize() + 4L * finalNorm.length;
        for (Layer l : layers) {
            for (Projection p : List.of(l.q(), l.k(), l.v(), l.o(), l.gate(), l.up(), l.down())) {
                bytes += 2L * p.out() * RotorFormat.planeStride(p.in());
            }
            bytes += 4L * (l.inputNorm().length + l.attnSubNorm().length + l.postAttnNorm().length
                    + l.ffnSubNorm().length);
        }
        return bytes;
    }

    /** The rotor file. */
    public Path path() {
        return file.path();
    }

    /**
     * A new session: an empty key/value cache for up to {@code contextSize} tokens.
     *
     * @param executor runs the products' rows on several threads (null: the calling thread only); the results are
     *                 the same bits either way
     * @throws IllegalArgumentException if {@code contextSize} is not positive
     */
    public Session newSession(int contextSize, Executor executor) {
        return new Session(this, contextSize, executor);
    }

    FloatMatrix embedding() {
        return embedding;
    }

    FloatMatrix head() {
        return head;
    }

    float[] finalNorm() {
        return finalNorm;
    }

    List<Layer> layers() {
        return layers;
    }

    /** Unmaps the file; sessions can no longer run. */
    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return "BitNetModel[" + file.path() + ", " + config + "]";
    }

    /** The file's tensors by name, and the checks that name what is missing or misshapen. */
    private final class Tensors {
        final Map<String, RotorFile.TernaryPlanes> ternary = new HashMap<>();
        final Map<String, StoredTensor<SafetensorsDType>> stored = new HashMap<>();
        final TensorNames names;

        Tensors(RotorFile file) {
            file.ternaryTensors().forEach(t -> ternary.put(t.name(), t));
            file.copiedTensors().forEach(t -> stored.put(t.name(), t));
            names = TensorNames.detect(stored.keySet());
            if (names == null) {
                throw new UnsupportedModelException(file.path() + " has no token embedding ("
                        + TensorNames.HF.embedding() + " or " + TensorNames.GGUF.embedding()
                        + "); is it a BitNet model?");
            }
        }

        boolean has(String name) {
            return stored.containsKey(name);
        }

        FloatMatrix floats(String name) {
            StoredTensor<SafetensorsDType> t = stored.get(name);
            if (t == null) {
                throw missing(name, ternary.containsKey(name) ? "it is stored as a ternary tensor, expected floats"
                        : "it is missing");
            }
            try {
                return FloatMatrix.of(t);
            } catch (IllegalArgumentException e) {
                throw new UnsupportedModelException(file.path() + ": " + e.getMessage(), e);
            }
        }

        void requireShape(FloatMatrix m, int rows, int cols) {
            if (m.rows() != rows || m.cols() != cols) {
                throw new UnsupportedModelException(file.path() + ": tensor '" + m.name() + "' is " + m.rows() + "x"
                        + m.cols() + ", the configuration needs " + rows + "x" + cols);
            }
        }

        float[] norm(String name, int size) {
            FloatMatrix m = floats(name);
            requireShape(m, 1, size);
            float[] weights = new float[size];
            m.row(0, weights, 0);
            return weights;
        }

        Layer layer(int i) {
            int hidden = config.hiddenSize();
            int ff = config.intermediateSize();
            return new Layer(norm(names.of(i, Part.INPUT_NORM), hidden),
                    projection(names.of(i, Part.Q), config.queryDim(), hidden),
                    projection(names.of(i, Part.K), config.kvDim(), hidden),
                    projection(names.of(i, Part.V), config.kvDim(), hidden),
                    projection(names.of(i, Part.O), hidden, config.queryDim()),
                    norm(names.of(i, Part.ATTN_SUB_NORM), hidden), norm(names.of(i, Part.POST_ATTN_NORM), hidden),
                    projection(names.of(i, Part.GATE), ff, hidden), projection(names.of(i, Part.UP), ff, hidden),
                    projection(names.of(i, Part.DOWN), hidden, ff), norm(names.of(i, Part.FFN_SUB_NORM), ff));
        }

        Projection projection(String name, int rows, int cols) {
            RotorFile.TernaryPlanes t = ternary.get(name);
            if (t == null) {
                throw missing(name, stored.containsKey(name) ? "it is not ternary (stored as "
                        + stored.get(name).type() + ")" : "it is missing");
            }
            if (t.rows() != rows || t.cols() != cols) {
                throw new UnsupportedModelException(file.path() + ": tensor '" + name + "' is " + t.rows() + "x"
                        + t.cols() + ", the configuration needs " + rows + "x" + cols);
            }
            String scaleName = names.outputScale(name);
            float scale = 1;
            if (scaleName != null && stored.containsKey(scaleName)) {
                FloatMatrix s = floats(scaleName);
                requireShape(s, 1, 1);
                scale = s.get(0, 0);
            }
            return new Projection(BitLinear.of(TernaryMatrix.of(t)), scale);
        }

        private UnsupportedModelException missing(String name, String problem) {
            return new UnsupportedModelException(file.path() + ": tensor '" + name + "' is needed but " + problem);
        }
    }
}
