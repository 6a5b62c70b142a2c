package dev.rotor.model;

import static dev.rotor.model.ModelFixtures.assertSameTensors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.container.StoredTensor;
import dev.rotor.synthetic.BitNetTensors;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.RandomWeights;

/** Every source layout -> rotor -> the same layout gives the source's tensors back, bit for bit. */
class ModelConverterRoundTripTest {
    private static final ModelShape SHAPE = ModelShape.TINY;
    private static final int TENSORS = 1 + SHAPE.layers() * 11 + 1;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(SourceLayout.class)
    void roundTripIsBitIdentical(SourceLayout layout) throws IOException {
        Path source = ModelFixtures.tiny(dir, layout);
        Path rotor = dir.resolve("model.rotor");
        Path back = dir.resolve("back" + ModelFixtures.extension(layout));
        ModelConverter converter = ModelConverter.create();

        ConversionResult there = converter.toRotor(source, rotor);
        ConversionResult again = converter.fromRotor(rotor, back);

        assertSameTensors(source, back);
        assertEquals(-1, Files.mismatch(source, back), "the whole file comes back byte for byte");
        for (ConversionResult r : List.of(there, again)) {
            assertEquals(SHAPE.ternaryTensors(), r.tensorsConverted());
            assertEquals(TENSORS - SHAPE.ternaryTensors(), r.tensorsCopied());
            assertEquals(SHAPE.ternaryWeights(), r.weights());
            assertEquals(0, r.invalidCodes());
        }
        assertEquals(Files.size(source), there.bytesIn());
        assertEquals(Files.size(rotor), there.bytesOut());
        assertEquals(Files.size(back), again.bytesOut());
    }

    @ParameterizedTest
    @EnumSource(SourceLayout.class)
    void planesHoldTheGeneratedWeightsWhateverTheLayout(SourceLayout layout) throws IOException {
        Path rotor = dir.resolve("model.rotor");
        ModelConverter.create().toRotor(ModelFixtures.tiny(dir, layout), rotor);

        List<BitNetTensors.Spec> ternary = BitNetTensors.of(SHAPE).stream()
                .filter(s -> s.kind() == BitNetTensors.Kind.TERNARY).toList();
        boolean gguf = GgufTypes.ggmlType(layout) != null;
        try (SafetensorsReader reader = SafetensorsReader.open(rotor); Arena arena = Arena.ofConfined()) {
            for (int i = 0; i < ternary.size(); i++) {
                BitNetTensors.Spec s = ternary.get(i);
                String name = gguf ? s.ggufName() : s.hfName();
                long size = s.rows() * RotorFormat.planeStride(s.cols());
                MemorySegment pos = arena.allocate(size);
                MemorySegment neg = arena.allocate(size);
                RandomWeights.planes(RandomWeights.random(ModelFixtures.SEED, i, 0), pos, neg, s.rows(), s.cols(),
                        1.0 / 3);
                ModelFixtures.assertSameBytes(name + ".pos", pos, reader.tensor(name + ".pos").orElseThrow().data());
                ModelFixtures.assertSameBytes(name + ".neg", neg, reader.tensor(name + ".neg").orElseThrow().data());
            }
        }
    }

    @Test
    void rotorMetadataDescribesEveryTernaryTensor() throws IOException {
        Path rotor = dir.resolve("model.rotor");
        ModelConverter.create().toRotor(ModelFixtures.tiny(dir, SourceLayout.HF_BITNET), rotor);
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            Map<String, String> meta = reader.metadata();
            assertEquals("rotor", meta.get("format"));
            assertEquals("1", meta.get("format_version"));
            assertEquals("pt", meta.get("safetensors.format"));
            String name = "model.layers.1.self_attn.k_proj.weight";
            JsonNode record = RotorFormat.JSON.readTree(meta.get("rotor." + name));
            assertEquals(128, record.get("rows").asInt());
            assertEquals(256, record.get("cols").asInt());
            assertEquals("hf-bitnet", record.get("source_layout").asText());
            assertEquals("divide", record.get("scale_convention").asText());
            assertEquals("BF16", record.get("scale_dtype").asText());
            StoredTensor<SafetensorsDType> pos = reader.tensor(name + ".pos").orElseThrow();
            assertEquals(SafetensorsDType.U8, pos.type());
            assertEquals(List.of(128L, 32L), List.of(pos.dim(0), pos.dim(1)));
            StoredTensor<SafetensorsDType> scale = reader.tensor(name + ".scale").orElseThrow();
            assertEquals(SafetensorsDType.F32, scale.type());
            assertEquals(1, scale.elementCount());
            assertFalse(reader.tensor(name + "_scale").isPresent(), "the HF scale becomes NAME.scale");
            StoredTensor<SafetensorsDType> embedding = reader.tensor("model.embed_tokens.weight").orElseThrow();
            assertEquals(SafetensorsDType.BF16, embedding.type());
            assertEquals(SHAPE.ternaryTensors(), meta.keySet().stream().filter(k -> k.startsWith("rotor.")).count());
        }
    }

    @Test
    void ggufTensorsGetRowMajorShapesTypedMetadataAndBlockScales() throws IOException {
        Path rotor = dir.resolve("model.rotor");
        ModelConverter.create().toRotor(ModelFixtures.tiny(dir, SourceLayout.GGUF_TQ2_0), rotor);
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            Map<String, String> meta = reader.metadata();
            assertEquals("bitnet", meta.get("gguf.general.architecture"));
            assertEquals("string", meta.get("gguf_type.general.architecture"));
            assertEquals("32", meta.get("gguf.general.alignment"));
            assertEquals("uint32", meta.get("gguf_type.general.alignment"));
            assertEquals("array[string]", meta.get("gguf_type.tokenizer.ggml.tokens"), "arrays are carried");
            StoredTensor<SafetensorsDType> embedding = reader.tensor("token_embd.weight").orElseThrow();
            assertEquals(SafetensorsDType.F16, embedding.type());
            assertEquals(List.of((long) SHAPE.vocab(), (long) SHAPE.hidden()),
                    List.of(embedding.dim(0), embedding.dim(1)));
            StoredTensor<SafetensorsDType> scale = reader.tensor("blk.0.ffn_down.weight.scale").orElseThrow();
            assertEquals(List.of((long) SHAPE.hidden(), SHAPE.intermediate() / 256L),
                    List.of(scale.dim(0), scale.dim(1)));
            JsonNode record = RotorFormat.JSON.readTree(meta.get("rotor.blk.0.ffn_down.weight"));
            assertEquals("gguf-tq2_0", record.get("source_layout").asText());
            assertEquals("multiply", record.get("scale_convention").asText());
            assertEquals(SHAPE.intermediate(), record.get("cols").asInt());
        }
    }

    @Test
    void bitnet2SourcesGetAUnitScaleAndSaySo() throws IOException {
        Path rotor = dir.resolve("model.rotor");
        ModelConverter.create().toRotor(ModelFixtures.tiny(dir, SourceLayout.BITNET2), rotor);
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            String name = "model.layers.0.mlp.up_proj.weight";
            JsonNode record = RotorFormat.JSON.readTree(reader.metadata().get("rotor." + name));
            assertEquals("none", record.get("scale_source").asText());
            assertEquals(1f, Scales.readF32(reader.tensor(name + ".scale").orElseThrow().data())[0]);
        }
    }
}
