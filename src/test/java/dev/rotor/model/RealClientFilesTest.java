package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.Rotor;
import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufValue;
import dev.rotor.layout.ScaleConvention;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;

/**
 * Files written by the Python packages people use (llama.cpp's {@code gguf}: GGUFWriter and gguf.quants for TQ2_0
 * and TQ1_0; transformers' {@code pack_weights} for AutoBitLinear checkpoints), made by
 * {@code scripts/fixtures/real_clients.py}; {@code manifest.json} holds what those packages read back.
 */
class RealClientFilesTest {
    private static final String CLIENTS = "/clients/";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tq2_0.gguf", "tq1_0.gguf"})
    void ggufWeightsAndScalesAreWhatGgufReadsAndComeBackByteForByte(String name) throws IOException {
        Path source = copy(name);
        JsonNode expected = manifest().path("gguf").path(name);
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter converter = ModelConverter.create();
        converter.toRotor(source, rotor);
        assertTernaryAsManifest(rotor, expected.path("tensors"));

        Path back = dir.resolve("back.gguf");
        converter.fromRotor(rotor, back);
        assertEquals(-1, Files.mismatch(source, back), "GGUF -> rotor -> GGUF is byte-identical");

        SourceLayout other = name.startsWith("tq2") ? SourceLayout.GGUF_TQ1_0 : SourceLayout.GGUF_TQ2_0;
        Path converted = dir.resolve("other.gguf");
        converter.fromRotor(rotor, converted, other);
        try (GgufReader original = GgufReader.open(source); GgufReader reader = GgufReader.open(converted)) {
            Map<String, GgufValue> metadata = new LinkedHashMap<>(original.metadata());
            metadata.put("general.file_type", new GgufValue.UInt32(GgufTypes.fileType(other)));
            assertEquals(metadata, reader.metadata(), "every key carried, the file type updated");
            assertEquals(expected.path("alignment").asLong(), reader.alignment());
        }
        Path again = dir.resolve("again.rotor.safetensors");
        converter.toRotor(converted, again);
        assertTernaryAsManifest(again, expected.path("tensors"));
    }

    @Test
    void autoBitLinearOfflineMultipliesByItsWeightScale() throws IOException {
        Path model = copyDirectory("hf-autobitlinear-offline").resolve("model.safetensors");
        JsonNode expected = manifest().path("hf").path("hf-autobitlinear-offline").path("tensors");
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter converter = ModelConverter.create();
        converter.toRotor(model, rotor);
        try (RotorFile file = RotorFile.open(rotor)) {
            for (RotorFile.TernaryPlanes t : file.ternaryTensors()) {
                JsonNode tensor = byName(expected).get(t.name());
                assertEquals(ScaleConvention.MULTIPLY, t.convention(), t.name());
                assertEquals(tensor.path("ternary_sha256").asText(), ternarySha256(t), t.name());
                assertEquals(tensor.path("weight_scale").floatValue(), t.scaleValues()[0], t.name());
            }
        }
        Path back = dir.resolve("back.safetensors");
        converter.fromRotor(rotor, back);
        assertSameTensorsByName(model, back);
    }

    @Test
    void autoBitLinearOnlineIsRefusedAsUnquantized() throws IOException {
        Path model = copyDirectory("hf-autobitlinear-online").resolve("model.safetensors");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelConverter.create().toRotor(model, dir.resolve("x.rotor.safetensors")));
        assertTrue(e.getMessage().contains("holds unquantized weights"), e.getMessage());
    }

    /**
     * The same tensors (dtype, shape, bytes) and metadata, in any order: the Python writer orders data by dtype,
     * and rotor puts each weight's scale right after it.
     */
    private static void assertSameTensorsByName(Path expected, Path actual) throws IOException {
        try (SafetensorsReader a = SafetensorsReader.open(expected); SafetensorsReader b = SafetensorsReader.open(actual)) {
            assertEquals(a.metadata(), b.metadata());
            assertEquals(a.tensors().size(), b.tensors().size());
            for (StoredTensor<SafetensorsDType> x : a.tensors()) {
                StoredTensor<SafetensorsDType> y = b.tensor(x.name()).orElseThrow();
                assertEquals(x.type(), y.type(), x.name());
                assertArrayEquals(x.shape(), y.shape(), x.name());
                ModelFixtures.assertSameBytes(x.name(), x.data(), y.data());
            }
        }
    }

    private static void assertTernaryAsManifest(Path rotor, JsonNode tensors) throws IOException {
        Map<String, JsonNode> expected = byName(tensors);
        try (RotorFile file = RotorFile.open(rotor)) {
            assertEquals(expected.values().stream().filter(t -> t.has("ternary_sha256")).count(),
                    file.ternaryTensors().size());
            for (RotorFile.TernaryPlanes t : file.ternaryTensors()) {
                JsonNode tensor = expected.get(t.name());
                assertEquals(tensor.path("ternary_sha256").asText(), ternarySha256(t), t.name());
                float[] scales = new float[tensor.path("scales").size()];
                for (int i = 0; i < scales.length; i++) {
                    scales[i] = tensor.path("scales").get(i).floatValue();
                }
                assertArrayEquals(scales, t.scaleValues(), t.name());
                assertArrayEquals(new long[] {tensor.path("scale_shape").get(0).asLong(),
                        tensor.path("scale_shape").get(1).asLong()}, scaleShape(rotor, t.name()), t.name());
            }
        }
    }

    private static long[] scaleShape(Path rotor, String name) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            return reader.tensor(name + RotorFormat.SCALE).orElseThrow().shape();
        }
    }

    /** SHA-256 of the weights as int8 -1/0/+1, row-major: what the manifest records. */
    private static String ternarySha256(RotorFile.TernaryPlanes t) {
        byte[] values = new byte[Math.toIntExact(t.weights())];
        Rotor.toInt8(t.pos(), t.neg(), t.rows(), t.cols(), MemorySegment.ofArray(values));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(values));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonNode> byName(JsonNode tensors) {
        return Stream.of(tensors).flatMap(n -> n.valueStream()).collect(Collectors.toMap(
                t -> t.path("name").asText(), t -> t));
    }

    private static JsonNode manifest() throws IOException {
        try (InputStream in = RealClientFilesTest.class.getResourceAsStream(CLIENTS + "manifest.json")) {
            return RotorFormat.JSON.readTree(in);
        }
    }

    private Path copy(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = RealClientFilesTest.class.getResourceAsStream(CLIENTS + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private Path copyDirectory(String name) throws IOException {
        Path target = Files.createDirectories(dir.resolve(name));
        for (String file : new String[] {"config.json", "model.safetensors"}) {
            try (InputStream in = RealClientFilesTest.class.getResourceAsStream(CLIENTS + name + "/" + file)) {
                Files.copy(in, target.resolve(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return target;
    }
}
