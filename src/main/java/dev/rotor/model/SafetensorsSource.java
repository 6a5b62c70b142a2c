package dev.rotor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.container.ModelFormatException;
import dev.rotor.layout.ScaleConvention;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.container.StoredTensor;

/**
 * Reads a safetensors model as a {@link SourceModel}, in one of two ternary layouts:
 * <ul>
 *   <li>Hugging Face BitNet: every 2-D {@code U8} tensor {@code NAME} ending in {@code .weight} is packed ternary
 *       {@code [rows/4, cols]} with its scale in {@code NAME_scale}. Recognised when {@code config.json} next to
 *       the file says {@code quantization_config.quant_method = bitnet}, or (without a config) when some U8
 *       tensor has such a scale companion.</li>
 *   <li>bitnet2: every tensor {@code NAME} with a {@code bitnet2.NAME} metadata record
 *       {@code {"rows": R, "cols": C}} is {@code U8 [R, ceil(C/4)]}, with an optional F32 {@code NAME.scale}.</li>
 * </ul>
 * Every other tensor is copied; the file's metadata is carried as {@code safetensors.KEY}.
 */
public final class SafetensorsSource {
    static final String CONFIG_FILE = "config.json";
    /**
     * The files of a Hugging Face model directory a rotor file carries, each under {@code hf.NAME}: the model's
     * configuration, generation defaults and tokenizer, so that the rotor file alone is a whole model.
     */
    static final List<String> CARRIED_FILES = List.of(CONFIG_FILE, "generation_config.json", "tokenizer.json",
            "tokenizer_config.json");
    /** Largest carried file, in bytes (Llama 3's tokenizer.json is about 9 MB). */
    static final long MAX_CARRIED_BYTES = 64L << 20;

    /** What the user named: a file or a model directory. */
    private final Path path;
    private final ModelFiles files;
    private final List<SafetensorsReader> readers;
    private final List<StoredTensor<SafetensorsDType>> tensors = new ArrayList<>();
    private final Map<String, StoredTensor<SafetensorsDType>> byName = new HashMap<>();
    private final Map<String, Path> fileOf = new HashMap<>();

    private SafetensorsSource(Path path, ModelFiles files, List<SafetensorsReader> readers) {
        this.path = path;
        this.files = files;
        this.readers = readers;
        for (SafetensorsReader reader : readers) {
            for (StoredTensor<SafetensorsDType> t : reader.tensors()) {
                if (byName.put(t.name(), t) != null) {
                    throw new ModelFormatException(reader.path(), t.name(), t.fileOffset(), "is also in "
                            + fileOf.get(t.name()).getFileName() + ": a tensor may be in one shard only");
                }
                fileOf.put(t.name(), reader.path());
                tensors.add(t);
            }
        }
    }

    static SourceModel open(Path path, ModelFiles files, SourceLayout override) throws IOException {
        List<SafetensorsReader> readers = new ArrayList<>();
        try {
            for (Path shard : files.weights()) {
                readers.add(SafetensorsReader.open(shard));
            }
            return new SafetensorsSource(path, files, readers).read(override);
        } catch (IOException | RuntimeException | Error e) {
            readers.forEach(SafetensorsReader::close);
            throw e;
        }
    }

    private SourceModel read(SourceLayout override) throws IOException {
        if (RotorFormat.isRotor(metadata())) {
            throw new ModelFormatException(path, null, -1, "is already a rotor file");
        }
        SourceLayout layout = override != null ? override : detect();
        List<SourceModel.Tensor> converted = switch (layout) {
            case HF_BITNET -> hfTensors();
            case BITNET2 -> bitnet2Tensors(override != null && !hasBitnet2Metadata());
            default -> throw new ModelFormatException(path, null, -1, "is a safetensors file; its ternary tensors"
                    + " cannot be " + layout.id() + " (safetensors holds hf-bitnet or bitnet2)");
        };
        if (converted.stream().noneMatch(SourceModel.Ternary.class::isInstance)) {
            throw new ModelFormatException(path, null, -1, "holds no " + layout.id() + " ternary tensor");
        }
        long size = readers.stream().mapToLong(SafetensorsReader::fileSize).sum();
        return new SourceModel(path, files.weights(), size, converted, carriedMetadata(),
                () -> readers.forEach(SafetensorsReader::close));
    }

    /** The metadata of the first shard (checkpoints give every shard the same, e.g. {@code format = pt}). */
    private Map<String, String> metadata() {
        return readers.getFirst().metadata();
    }

    private Optional<StoredTensor<SafetensorsDType>> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private Path fileOf(StoredTensor<SafetensorsDType> t) {
        return fileOf.get(t.name());
    }

    private Path config() {
        return files.directory().resolve(CONFIG_FILE);
    }

    private SourceLayout detect() throws IOException {
        if (hasBitnet2Metadata()) {
            return SourceLayout.BITNET2;
        }
        String quantMethod = quantMethod(config());
        if ("bitnet".equals(quantMethod)) {
            return SourceLayout.HF_BITNET;
        }
        boolean scaled = tensors.stream().anyMatch(t -> t.type() == SafetensorsDType.U8
                && tensor(t.name() + RotorFormat.HF_SCALE_SUFFIX).isPresent());
        if (scaled && quantMethod == null) {
            return SourceLayout.HF_BITNET;
        }
        throw new ModelFormatException(path, null, -1, "no ternary layout recognised: expected a config.json with"
                + " quantization_config.quant_method = bitnet" + (quantMethod == null ? "" : " (it says '"
                + quantMethod + "')") + ", U8 weights with NAME_scale tensors, or bitnet2.NAME metadata;"
                + " name the layout to override");
    }

    private boolean hasBitnet2Metadata() {
        return metadata().keySet().stream().anyMatch(k -> k.startsWith(RotorFormat.BITNET2_PREFIX));
    }

    /** The config's {@code quantization_config.quant_method}, "" if it has none, null without a config. */
    public static String quantMethod(Path config) throws IOException {
        JsonNode quantization = quantizationConfig(config);
        return quantization == null ? null : quantization.path("quant_method").asText("");
    }

    /** The config's {@code quantization_config} (a missing node if it has none), null without a config. */
    private static JsonNode quantizationConfig(Path config) throws IOException {
        if (!Files.isRegularFile(config)) {
            return null;
        }
        try {
            return RotorFormat.JSON.readTree(config.toFile()).path("quantization_config");
        } catch (JacksonException e) {
            throw new ModelFormatException(config, null, -1, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The transformers class of the checkpoint's linear layers, from {@code quantization_config}: {@code linear_class}
     * (default {@code bitlinear}) and {@code quantization_mode} (default {@code offline}); {@code bitlinear} without
     * a config. AutoBitLinear with online quantization keeps unquantized master weights, which is refused.
     */
    private RotorFormat.LinearClass linearClass() throws IOException {
        Path config = config();
        JsonNode quantization = quantizationConfig(config);
        if (quantization == null) {
            return RotorFormat.LinearClass.BITLINEAR;
        }
        String linearClass = quantization.path("linear_class").asText("bitlinear");
        String mode = quantization.path("quantization_mode").asText("offline");
        RotorFormat.LinearClass result;
        try {
            result = RotorFormat.LinearClass.fromId(linearClass);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(config, null, -1, "quantization_config." + e.getMessage(), e);
        }
        if (!mode.equals("offline") && !mode.equals("online")) {
            throw new ModelFormatException(config, null, -1, "unknown quantization_config.quantization_mode '" + mode
                    + "' (offline or online)");
        }
        if (result == RotorFormat.LinearClass.AUTOBITLINEAR && mode.equals("online")) {
            throw new ModelFormatException(path, null, -1, "holds unquantized weights: its config says autobitlinear"
                    + " with quantization_mode online, so transformers keeps bf16 master weights and quantizes them"
                    + " at run time; rotor converts packed (offline) ternary checkpoints");
        }
        return result;
    }

    // ---- Hugging Face ----

    private List<SourceModel.Tensor> hfTensors() throws IOException {
        RotorFormat.LinearClass linearClass = linearClass();
        Map<String, SourceModel.Ternary> ternary = new LinkedHashMap<>();
        for (StoredTensor<SafetensorsDType> t : tensors) {
            if (t.type() == SafetensorsDType.U8 && t.rank() == 2 && t.name().endsWith(".weight")) {
                ternary.put(t.name(), hfTernary(t, hfScale(t), linearClass));
            }
        }
        return inFileOrder(ternary);
    }

    private SourceModel.Scale hfScale(StoredTensor<SafetensorsDType> weight) {
        String name = weight.name() + RotorFormat.HF_SCALE_SUFFIX;
        StoredTensor<SafetensorsDType> t = tensor(name).orElseThrow(() -> new ModelFormatException(fileOf(weight),
                weight.name(), weight.fileOffset(), "missing scale: no tensor '" + name + "'"));
        if (!Scales.isScaleDtype(t.type()) || t.elementCount() != 1) {
            throw new ModelFormatException(fileOf(t), name, t.fileOffset(), "a weight scale must be one F32, F16 or"
                    + " BF16 value, but this is " + t.type() + " " + Arrays.toString(t.shape()));
        }
        return new SourceModel.Scale(fileOf(t), name, t.type(), t.shape(), t.data(), t.fileOffset());
    }

    private SourceModel.Ternary hfTernary(StoredTensor<SafetensorsDType> t, SourceModel.Scale scale,
                                          RotorFormat.LinearClass linearClass) {
        long rows = t.dim(0) * 4;
        if (rows > Integer.MAX_VALUE || t.dim(1) > Integer.MAX_VALUE) {
            throw new ModelFormatException(fileOf(t), t.name(), t.fileOffset(), "shape "
                    + Arrays.toString(t.shape()) + " is too large (at most 2^31-1 rows and columns)");
        }
        RotorFormat.TensorInfo info = new RotorFormat.TensorInfo((int) rows, (int) t.dim(1), SourceLayout.HF_BITNET,
                linearClass.convention(), RotorFormat.ScaleSource.TENSOR, scale.dtype(), scale.shape(), linearClass);
        return new SourceModel.Ternary(fileOf(t), t.name(), t.data(), t.fileOffset(), info, scale);
    }

    // ---- bitnet2 ----

    /** @param assumeAll no metadata: every 2-D U8 tensor is bitnet2 with {@code cols = 4 * shape[1]} */
    private List<SourceModel.Tensor> bitnet2Tensors(boolean assumeAll) {
        Map<String, SourceModel.Ternary> ternary = new LinkedHashMap<>();
        for (StoredTensor<SafetensorsDType> t : tensors) {
            String record = metadata().get(RotorFormat.BITNET2_PREFIX + t.name());
            if (record != null || assumeAll && t.type() == SafetensorsDType.U8 && t.rank() == 2) {
                ternary.put(t.name(), bitnet2Ternary(t, record));
            }
        }
        checkBitnet2Records(ternary.keySet());
        return inFileOrder(ternary);
    }

    private void checkBitnet2Records(Set<String> found) {
        for (String key : metadata().keySet()) {
            if (key.startsWith(RotorFormat.BITNET2_PREFIX)
                    && !found.contains(key.substring(RotorFormat.BITNET2_PREFIX.length()))) {
                throw new ModelFormatException(path, key.substring(RotorFormat.BITNET2_PREFIX.length()), -1,
                        "metadata '" + key + "' names a tensor the file does not have");
            }
        }
    }

    private SourceModel.Ternary bitnet2Ternary(StoredTensor<SafetensorsDType> t, String record) {
        int rows;
        int cols;
        ScaleConvention convention = ScaleConvention.MULTIPLY;
        try {
            if (record == null) {
                rows = Math.toIntExact(t.dim(0));
                cols = Math.toIntExact(t.dim(1) * 4);
            } else {
                JsonNode node = RotorFormat.JSON.readTree(record);
                rows = RotorFormat.nonNegativeInt(node, "rows");
                cols = RotorFormat.nonNegativeInt(node, "cols");
                if (node.has("scale_convention")) {
                    convention = RotorFormat.convention(node.get("scale_convention").asText());
                }
            }
        } catch (IOException | IllegalArgumentException | ArithmeticException e) {
            throw new ModelFormatException(fileOf(t), t.name(), t.fileOffset(), "bad bitnet2 record '" + record
                    + "': " + e.getMessage(), e);
        }
        long[] expected = {rows, (cols + 3L) / 4};
        if (t.type() != SafetensorsDType.U8 || !Arrays.equals(t.shape(), expected)) {
            throw new ModelFormatException(fileOf(t), t.name(), t.fileOffset(), "shape mismatch: a bitnet2 " + rows + "x"
                    + cols + " tensor is U8 " + Arrays.toString(expected) + ", but this is " + t.type()
                    + " " + Arrays.toString(t.shape()));
        }
        SourceModel.Scale scale = bitnet2Scale(t.name());
        RotorFormat.ScaleSource source = scale == null ? RotorFormat.ScaleSource.NONE : RotorFormat.ScaleSource.TENSOR;
        RotorFormat.TensorInfo info = new RotorFormat.TensorInfo(rows, cols, SourceLayout.BITNET2, convention, source,
                scale == null ? null : scale.dtype(), scale == null ? null : scale.shape(), null);
        return new SourceModel.Ternary(fileOf(t), t.name(), t.data(), t.fileOffset(), info, scale);
    }

    private SourceModel.Scale bitnet2Scale(String name) {
        return tensor(name + RotorFormat.SCALE).map(s -> {
            if (!Scales.isScaleDtype(s.type())) {
                throw new ModelFormatException(fileOf(s), s.name(), s.fileOffset(), "scales must be F32, F16 or BF16,"
                        + " not " + s.type());
            }
            return new SourceModel.Scale(fileOf(s), s.name(), s.type(), s.shape(), s.data(), s.fileOffset());
        }).orElse(null);
    }

    // ---- shared ----

    /** Every tensor in file order: the ternary ones, then copies of the rest except the ternary ones' scales. */
    private List<SourceModel.Tensor> inFileOrder(Map<String, SourceModel.Ternary> ternary) {
        Set<String> scales = new HashSet<>();
        ternary.values().stream().filter(t -> t.scale() != null).forEach(t -> scales.add(t.scale().name()));
        List<SourceModel.Tensor> out = new ArrayList<>();
        for (StoredTensor<SafetensorsDType> t : tensors) {
            if (ternary.containsKey(t.name())) {
                out.add(ternary.get(t.name()));
            } else if (!scales.contains(t.name())) {
                out.add(copied(t));
            }
        }
        return out;
    }

    private SourceModel.Copied copied(StoredTensor<SafetensorsDType> t) {
        return new SourceModel.Copied(fileOf(t), t.name(), t.type(), t.shape(), t.data(), t.fileOffset(), null);
    }

    /** The source's own metadata as {@code safetensors.KEY}, and the model directory's files as {@code hf.NAME}. */
    private Map<String, String> carriedMetadata() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        metadata().forEach((k, v) -> {
            if (!k.startsWith(RotorFormat.BITNET2_PREFIX)) {
                out.put(RotorFormat.SAFETENSORS_PREFIX + k, v);
            }
        });
        for (String name : CARRIED_FILES) {
            Optional<Path> file = files.file(name);
            if (file.isPresent()) {
                out.put(RotorFormat.HF_FILE_PREFIX + name, carried(file.get()));
            }
        }
        return out;
    }

    private static String carried(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_CARRIED_BYTES) {
            throw new ModelFormatException(file, null, -1, "is " + size + " bytes, more than the " + MAX_CARRIED_BYTES
                    + " a rotor file carries of a model's configuration or tokenizer");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file, null, -1, "is not UTF-8 text", e);
        }
    }
}
