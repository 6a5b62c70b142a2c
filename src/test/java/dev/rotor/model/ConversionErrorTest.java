package dev.rotor.model;

import static dev.rotor.model.ModelFixtures.assertMentions;
import static dev.rotor.model.ModelFixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.container.ModelFormatException;
import dev.rotor.container.TensorData;
import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsWriter;

/** Bad inputs fail with a ModelFormatException naming the file and the tensor, and write nothing. */
class ConversionErrorTest {
    private static final String Q = "model.layers.0.self_attn.q_proj.weight";
    private static final String BLK_Q = "blk.0.attn_q.weight";

    @TempDir
    Path dir;

    private final ModelConverter converter = ModelConverter.create();

    private ModelFormatException assertFails(Path file, String tensor, Executable conversion, String... fragments)
            throws IOException {
        ModelFormatException e = assertThrows(ModelFormatException.class, conversion);
        assertEquals(file, e.path(), e.getMessage());
        assertEquals(Optional.ofNullable(tensor), e.tensorName(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertMentions(e.getMessage(), fragments);
        assertEquals(List.of(), ModelFixtures.temporaryFiles(dir));
        return e;
    }

    @Test
    void nanHuggingFaceScale() throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.HF_BITNET);
        ModelFixtures.patch(source, ModelFixtures.fileOffset(source, Q + "_scale"), (byte) 0xC0, (byte) 0x7F);
        Path target = dir.resolve("x.rotor");
        assertFails(source, Q, () -> converter.toRotor(source, target), "NaN", "finite");
        assertFalse(Files.exists(target));
    }

    @Test
    void infiniteGgufBlockScale() throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.GGUF_TQ2_0);
        long blockScale = ModelFixtures.fileOffset(source, BLK_Q) + 66 * 3 + 64;
        ModelFixtures.patch(source, blockScale, (byte) 0x00, (byte) 0x7C);
        assertFails(source, BLK_Q, () -> converter.toRotor(source, dir.resolve("x.rotor")), "Infinity");
    }

    @Test
    void invalidCodeUnderStrictNamesTheByteOffset() throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.GGUF_I2_S);
        long at = ModelFixtures.fileOffset(source, BLK_Q) + 40;
        ModelFixtures.patch(source, at, (byte) 0xFF);
        ModelFormatException e = assertFails(source, BLK_Q, () -> converter.toRotor(source, dir.resolve("x.rotor")),
                "invalid ternary code", "4 invalid codes");
        assertEquals(at, e.byteOffset().orElseThrow());
    }

    @Test
    void invalidCodesUnderLenientAreCounted() throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.HF_BITNET);
        ModelFixtures.patch(source, ModelFixtures.fileOffset(source, Q) + 7, (byte) 0xFF, (byte) 0xFF);
        ConversionResult result = ModelConverter.builder().invalidCodePolicy(InvalidCodePolicy.LENIENT).build()
                .toRotor(source, dir.resolve("x.rotor"));
        assertEquals(8, result.invalidCodes());
    }

    @Test
    void missingHuggingFaceScale() throws IOException {
        Path source = ModelFixtures.safetensors(dir.resolve("model.safetensors"), Map.of(), List.of(
                tensor("a.weight", SafetensorsDType.U8, new long[] {2, 8}, new byte[16]),
                tensor("a.weight_scale", SafetensorsDType.F32, new long[] {1}, ModelFixtures.f32(2f)),
                tensor("b.weight", SafetensorsDType.U8, new long[] {2, 8}, new byte[16])));
        assertFails(source, "b.weight", () -> converter.toRotor(source, dir.resolve("x.rotor")),
                "missing scale", "b.weight_scale");
    }

    @Test
    void configThatIsNotBitNetIsNotGuessed() throws IOException {
        Path source = ModelFixtures.safetensors(dir.resolve("model.safetensors"), Map.of(), List.of(
                tensor("a.weight", SafetensorsDType.U8, new long[] {2, 8}, new byte[16]),
                tensor("a.weight_scale", SafetensorsDType.F32, new long[] {1}, ModelFixtures.f32(2f))));
        Files.writeString(dir.resolve("config.json"), "{\"quantization_config\": {\"quant_method\": \"gptq\"}}");
        assertFails(source, null, () -> converter.toRotor(source, dir.resolve("x.rotor")), "gptq");
        ModelConverter.builder().sourceLayout(SourceLayout.HF_BITNET).build().toRotor(source, dir.resolve("x.rotor"));
    }

    @Test
    void bitnet2ShapeMismatch() throws IOException {
        Map<String, String> meta = Map.of("bitnet2.w", "{\"rows\": 4, \"cols\": 16}");
        Path source = ModelFixtures.safetensors(dir.resolve("model.safetensors"), meta, List.of(
                tensor("w", SafetensorsDType.U8, new long[] {4, 2}, new byte[8])));
        assertFails(source, "w", () -> converter.toRotor(source, dir.resolve("x.rotor")), "shape mismatch",
                "[4, 4]", "[4, 2]");
    }

    @Test
    void ggufTernaryTensorThatIsNotAMatrix() throws IOException {
        Path source = dir.resolve("model.gguf");
        byte[] data = new byte[66 * 2];
        GgufWriter.write(source, Map.of(), List.of(new TensorSpec<>("cube", GgmlType.TQ2_0,
                new long[] {256, 1, 2}, TensorData.of(MemorySegment.ofArray(data)))));
        assertFails(source, "cube", () -> converter.toRotor(source, dir.resolve("x.rotor")), "matrix");
    }

    @Test
    void hfRowsThatTheLayoutCannotHoldAreReportedBeforeWriting() throws IOException {
        Path rotor = dir.resolve("a.rotor");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "rotor");
        meta.put("format_version", "1");
        meta.put("rotor.w", "{\"rows\":3,\"cols\":8,\"source_layout\":\"bitnet2\",\"scale_convention\":\"multiply\"}");
        ModelFixtures.safetensors(rotor, meta, List.of(
                tensor("w.pos", SafetensorsDType.U8, new long[] {3, 1}, new byte[3]),
                tensor("w.neg", SafetensorsDType.U8, new long[] {3, 1}, new byte[3]),
                tensor("w.scale", SafetensorsDType.F32, new long[] {1}, ModelFixtures.f32(1f))));
        assertFails(rotor, "w", () -> converter.fromRotor(rotor, dir.resolve("x.safetensors"),
                SourceLayout.HF_BITNET), "shape mismatch", "multiple of 4");
        converter.fromRotor(rotor, dir.resolve("y.safetensors"));
    }

    @Test
    void rotorFileProblems() throws IOException {
        Path rotor = dir.resolve("a.rotor");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "rotor");
        meta.put("format_version", "1");
        meta.put("rotor.w", "{\"rows\":4,\"cols\":32,\"source_layout\":\"gguf-i2_s\",\"scale_convention\":\"multiply\"}");
        List<TensorSpec<SafetensorsDType>> planes = List.of(
                tensor("w.pos", SafetensorsDType.U8, new long[] {4, 4}, new byte[16]),
                tensor("w.neg", SafetensorsDType.U8, new long[] {4, 4}, new byte[16]));

        ModelFixtures.safetensors(rotor, meta, planes);
        assertFails(rotor, "w", () -> converter.fromRotor(rotor, dir.resolve("x.gguf")), "missing scale");

        ModelFixtures.safetensors(rotor, meta, List.of(planes.get(0),
                tensor("w.scale", SafetensorsDType.F32, new long[] {1}, ModelFixtures.f32(Float.NaN))));
        assertFails(rotor, "w", () -> converter.fromRotor(rotor, dir.resolve("x.gguf")), "missing plane", "w.neg");

        ModelFixtures.safetensors(rotor, meta, List.of(planes.get(0), planes.get(1),
                tensor("w.scale", SafetensorsDType.F32, new long[] {1}, ModelFixtures.f32(Float.NaN))));
        assertFails(rotor, "w", () -> converter.fromRotor(rotor, dir.resolve("x.gguf")), "NaN");

        meta.put("rotor.w", "{\"rows\":4,\"cols\":32,\"source_layout\":\"gguf-q9\",\"scale_convention\":\"multiply\"}");
        ModelFixtures.safetensors(rotor, meta, planes);
        assertFails(rotor, "w", () -> converter.fromRotor(rotor, dir.resolve("x.gguf")), "unknown layout 'gguf-q9'");

        meta.put("format_version", "2");
        ModelFixtures.safetensors(rotor, meta, planes);
        assertFails(rotor, null, () -> converter.fromRotor(rotor, dir.resolve("x.gguf")), "format_version '2'");
    }

    @Test
    void sourcesThatAreNotModelsOfAKnownLayout() throws IOException {
        Path plain = ModelFixtures.safetensors(dir.resolve("plain.safetensors"), Map.of(), List.of(
                tensor("x", SafetensorsDType.F32, new long[] {1}, ModelFixtures.f32(1f))));
        assertFails(plain, null, () -> converter.toRotor(plain, dir.resolve("x.rotor")), "no ternary layout");

        Path rotor = dir.resolve("a.rotor");
        converter.toRotor(ModelFixtures.tiny(dir, SourceLayout.BITNET2), rotor);
        assertFails(rotor, null, () -> converter.toRotor(rotor, dir.resolve("b.rotor")), "already a rotor file");

        Path gguf = ModelFixtures.tiny(dir, SourceLayout.GGUF_TQ1_0);
        ModelConverter forced = ModelConverter.builder().sourceLayout(SourceLayout.GGUF_TQ2_0).build();
        assertFails(gguf, BLK_Q, () -> forced.toRotor(gguf, dir.resolve("c.rotor")), "gguf-tq1_0", "gguf-tq2_0");
    }
}
