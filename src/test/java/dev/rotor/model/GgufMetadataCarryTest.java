package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufRoundTripTest;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufValueType;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsReader;

/**
 * GGUF metadata goes into a rotor file and comes back out exactly, by default: every value type, arrays of every
 * element type, nested arrays, and a tokenizer of Llama 3's size (what llama.cpp needs to load the model back).
 */
class GgufMetadataCarryTest {
    /** Llama 3's vocabulary and merge count (BitNet b1.58 2B4T uses its tokenizer). */
    private static final int VOCABULARY = 128_256;
    private static final int MERGES = 280_147;

    @TempDir
    Path dir;

    @Test
    void everyValueTypeAndNestedArraysComeBackByteForByte() throws IOException {
        Map<String, GgufValue> metadata = new LinkedHashMap<>(GgufRoundTripTest.allValueTypes());
        for (GgufValueType type : GgufValueType.values()) {
            if (type != GgufValueType.ARRAY) {
                metadata.put("array." + type, new GgufValue.Array(type, List.of(sample(type, 1), sample(type, 2))));
            }
        }
        metadata.put("nested.deep", array(GgufValueType.ARRAY, List.of(
                array(GgufValueType.ARRAY, List.of(array(GgufValueType.INT32, List.of(sample(GgufValueType.INT32, 3))))),
                array(GgufValueType.ARRAY, List.of()))));
        metadata.put("nested.strings", array(GgufValueType.ARRAY, List.of(
                array(GgufValueType.STRING, List.of(new GgufValue.Str("a b"), new GgufValue.Str("\"]["))),
                array(GgufValueType.STRING, List.of()))));
        metadata.put("nested.empty", array(GgufValueType.ARRAY, List.of()));

        Path source = withMetadata(metadata);
        assertRoundTripIsByteIdentical(source);
    }

    @Test
    void aLlama3SizedTokenizerComesBackByteForByte() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        List<GgufValue> tokens = new ArrayList<>(VOCABULARY);
        List<GgufValue> types = new ArrayList<>(VOCABULARY);
        List<GgufValue> scores = new ArrayList<>(VOCABULARY);
        for (int i = 0; i < VOCABULARY; i++) {
            tokens.add(new GgufValue.Str(token(random, i)));
            types.add(new GgufValue.Int32(i < 256 ? 6 : 1));
            scores.add(new GgufValue.Float32(-i / 7f));
        }
        List<GgufValue> merges = new ArrayList<>(MERGES);
        for (int i = 0; i < MERGES; i++) {
            merges.add(new GgufValue.Str(token(random, i) + " " + token(random, i + 1)));
        }
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("general.architecture", new GgufValue.Str("bitnet"));
        metadata.put("tokenizer.ggml.model", new GgufValue.Str("gpt2"));
        metadata.put("tokenizer.ggml.tokens", array(GgufValueType.STRING, tokens));
        metadata.put("tokenizer.ggml.token_type", array(GgufValueType.INT32, types));
        metadata.put("tokenizer.ggml.scores", array(GgufValueType.FLOAT32, scores));
        metadata.put("tokenizer.ggml.merges", array(GgufValueType.STRING, merges));

        Path source = withMetadata(metadata);
        try (GgufReader reader = GgufReader.open(source)) {
            assertTrue(reader.dataStart() > 8_000_000, "a header of a real tokenizer's size: " + reader.dataStart());
        }
        assertRoundTripIsByteIdentical(source);
    }

    @Test
    void fileTypeSaysWhatTheFileNowHolds() throws IOException {
        ModelConverter converter = ModelConverter.create();
        Path unitScaled = dir.resolve("unit.rotor.safetensors");
        converter.toRotor(ModelFixtures.tiny(dir, SourceLayout.BITNET2), unitScaled);
        Path tq2 = dir.resolve("unit-tq2.gguf");
        converter.fromRotor(unitScaled, tq2, SourceLayout.GGUF_TQ2_0);
        Path source = dir.resolve("source.gguf");
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("general.architecture", new GgufValue.Str("bitnet"));
        metadata.put("general.file_type", new GgufValue.UInt32(37));
        try (GgufReader reader = GgufReader.open(tq2)) {
            GgufWriter.write(source, metadata, reader.tensors().stream().map(TensorSpec::copyOf).toList());
        }
        Path rotor = dir.resolve("model.rotor.safetensors");
        converter.toRotor(source, rotor);

        assertEquals(37, fileType(converter, rotor, null), "nothing changed: MOSTLY_TQ2_0 as carried");
        assertEquals(37, fileType(converter, rotor, SourceLayout.GGUF_TQ2_0));
        assertEquals(36, fileType(converter, rotor, SourceLayout.GGUF_TQ1_0), "MOSTLY_TQ1_0");
        assertEquals(40, fileType(converter, rotor, SourceLayout.GGUF_I2_S), "bitnet.cpp's MOSTLY_I2_S");

        Path out = dir.resolve("bare-tq1.gguf");
        converter.fromRotor(unitScaled, out, SourceLayout.GGUF_TQ1_0);
        try (GgufReader reader = GgufReader.open(out)) {
            assertFalse(reader.metadata().containsKey("general.file_type"), "none is added where there was none");
        }
    }

    private long fileType(ModelConverter converter, Path rotor, SourceLayout layout) throws IOException {
        Path out = dir.resolve("out-" + layout + ".gguf");
        converter.fromRotor(rotor, out, layout);
        try (GgufReader reader = GgufReader.open(out)) {
            return ((GgufValue.UInt32) reader.metadata().get("general.file_type")).value();
        }
    }

    /** The tiny TQ2_0 model with {@code metadata} in place of its own. */
    private Path withMetadata(Map<String, GgufValue> metadata) throws IOException {
        Path tiny = ModelFixtures.tiny(dir, SourceLayout.GGUF_TQ2_0);
        Path source = dir.resolve("source.gguf");
        try (GgufReader reader = GgufReader.open(tiny)) {
            GgufWriter.write(source, metadata, reader.tensors().stream().map(TensorSpec::copyOf).toList());
        }
        return source;
    }

    private void assertRoundTripIsByteIdentical(Path source) throws IOException {
        Path rotor = dir.resolve("model.rotor.safetensors");
        Path back = dir.resolve("back.gguf");
        ModelConverter converter = ModelConverter.create();
        converter.toRotor(source, rotor);
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            assertTrue(reader.metadata().keySet().stream().anyMatch(k -> k.startsWith("gguf.")), "carried");
        }
        converter.fromRotor(rotor, back);
        try (GgufReader expected = GgufReader.open(source); GgufReader actual = GgufReader.open(back)) {
            assertEquals(expected.metadata(), actual.metadata());
        }
        assertEquals(-1, Files.mismatch(source, back), "GGUF -> rotor -> GGUF is byte-identical");
    }

    private static GgufValue.Array array(GgufValueType type, List<GgufValue> elements) {
        return new GgufValue.Array(type, elements);
    }

    /** A byte-level-BPE-looking token: letters, the GPT-2 space mark, and now and then non-ASCII text. */
    private static String token(SplittableRandom random, int i) {
        String[] pieces = {"Ġ", "the", "ing", "é", "中文", "\uD83D\uDE00", "ĊĊ", "\"", "\\", "  "};
        return pieces[random.nextInt(pieces.length)] + Integer.toString(i, 36);
    }

    private static GgufValue sample(GgufValueType type, int n) {
        return switch (type) {
            case UINT8 -> new GgufValue.UInt8(200 + n);
            case INT8 -> new GgufValue.Int8((byte) -n);
            case UINT16 -> new GgufValue.UInt16(60000 + n);
            case INT16 -> new GgufValue.Int16((short) -n);
            case UINT32 -> new GgufValue.UInt32(0xFFFF_FF00L + n);
            case INT32 -> new GgufValue.Int32(-n);
            case UINT64 -> new GgufValue.UInt64(-n);
            case INT64 -> new GgufValue.Int64(Long.MIN_VALUE + n);
            case FLOAT32 -> new GgufValue.Float32(n == 1 ? Float.NEGATIVE_INFINITY : 1e-38f * n);
            case FLOAT64 -> new GgufValue.Float64(n == 1 ? Double.MIN_VALUE : -0.0);
            case BOOL -> new GgufValue.Bool(n % 2 == 0);
            case STRING -> new GgufValue.Str("s" + n + " \u00e9\n");
            case ARRAY -> throw new IllegalArgumentException("not a scalar type");
        };
    }
}
