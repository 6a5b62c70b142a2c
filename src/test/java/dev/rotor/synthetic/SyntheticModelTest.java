package dev.rotor.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.container.ModelFormatException;
import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ConversionResult;
import dev.rotor.model.ModelConverter;
import dev.rotor.model.ModelFixtures;
import dev.rotor.model.PlaneTensor;
import dev.rotor.model.SafetensorsSource;
import dev.rotor.model.Scales;
import dev.rotor.model.TernaryTensor;
import dev.rotor.safetensors.SafetensorsReader;

/** The generator's shapes, names and statistics, and in-memory conversion. */
class SyntheticModelTest {
    @TempDir
    Path dir;

    @Test
    void bitnet2B4TShapesNamesAndTypes() {
        ModelShape s = ModelShape.BITNET_B158_2B4T;
        List<BitNetTensors.Spec> specs = BitNetTensors.of(s);
        List<BitNetTensors.Spec> ternary = specs.stream().filter(t -> t.kind() == BitNetTensors.Kind.TERNARY).toList();
        assertEquals(210, ternary.size());
        assertEquals(210, s.ternaryTensors());
        // FORMATS.md section 8's shapes: 30 x (2 x 2560x2560 + 2 x 640x2560 + 3 x 6912x2560)
        assertEquals(30L * (2 * 2560 * 2560 + 2 * 640 * 2560 + 3 * 6912 * 2560), s.ternaryWeights());
        assertEquals(s.ternaryWeights(), ternary.stream().mapToLong(BitNetTensors.Spec::elements).sum());
        assertEquals(1 + 30 * 11 + 1, specs.size());

        assertSpec(specs.get(0), "model.embed_tokens.weight", "token_embd.weight", 128256, 2560);
        assertSpec(find(specs, "model.layers.0.self_attn.q_proj.weight"), "model.layers.0.self_attn.q_proj.weight",
                "blk.0.attn_q.weight", 2560, 2560);
        assertSpec(find(specs, "model.layers.7.self_attn.k_proj.weight"), null, "blk.7.attn_k.weight", 640, 2560);
        assertSpec(find(specs, "model.layers.7.self_attn.o_proj.weight"), null, "blk.7.attn_output.weight", 2560,
                2560);
        assertSpec(find(specs, "model.layers.29.mlp.gate_proj.weight"), null, "blk.29.ffn_gate.weight", 6912, 2560);
        assertSpec(find(specs, "model.layers.29.mlp.down_proj.weight"), null, "blk.29.ffn_down.weight", 2560, 6912);
        assertSpec(find(specs, "model.layers.3.mlp.ffn_sub_norm.weight"), null, "blk.3.ffn_sub_norm.weight", 1, 6912);
        assertSpec(find(specs, "model.layers.3.self_attn.attn_sub_norm.weight"), null, "blk.3.attn_sub_norm.weight",
                1, 2560);
        assertSpec(find(specs, "model.layers.3.post_attention_layernorm.weight"), null, "blk.3.ffn_norm.weight", 1,
                2560);
        assertSpec(specs.getLast(), "model.norm.weight", "output_norm.weight", 1, 2560);
    }

    private static BitNetTensors.Spec find(List<BitNetTensors.Spec> specs, String hfName) {
        return specs.stream().filter(s -> s.hfName().equals(hfName)).findFirst().orElseThrow();
    }

    private static void assertSpec(BitNetTensors.Spec s, String hf, String gguf, int rows, int cols) {
        if (hf != null) {
            assertEquals(hf, s.hfName());
        }
        assertEquals(gguf, s.ggufName());
        assertEquals(rows, s.rows(), s.hfName());
        assertEquals(cols, s.cols(), s.hfName());
    }

    @Test
    void weightsAreAboutAThirdEachOrTheRequestedZeroShare() {
        try (Arena arena = Arena.ofConfined()) {
            assertShares(SyntheticModel.of(ModelShape.TINY, 1), arena, 1.0 / 3);
            assertShares(SyntheticModel.of(ModelShape.TINY, 1).withZeroFraction(0.4), arena, 0.4);
        }
    }

    private static void assertShares(SyntheticModel model, Arena arena, double zeros) {
        List<TernaryTensor> tensors = model.ternaryTensors(SourceLayout.BITNET2, arena);
        long[] counts = new long[3];
        for (TernaryTensor t : tensors) {
            PlaneTensor p = PlaneTensor.allocate(t, arena);
            ModelConverter.create().toPlanes(List.of(t), List.of(p));
            long plus = popcount(p.pos());
            long minus = popcount(p.neg());
            counts[0] += minus;
            counts[2] += plus;
            counts[1] += (long) t.rows() * t.cols() - plus - minus;
        }
        double total = counts[0] + counts[1] + counts[2];
        assertEquals(zeros, counts[1] / total, 0.01);
        assertEquals((1 - zeros) / 2, counts[0] / total, 0.01);
        assertEquals((1 - zeros) / 2, counts[2] / total, 0.01);
    }

    private static long popcount(java.lang.foreign.MemorySegment plane) {
        long n = 0;
        for (long i = 0; i < plane.byteSize(); i++) {
            n += Integer.bitCount(plane.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) & 0xFF);
        }
        return n;
    }

    @Test
    void sameSeedSameFileDifferentSeedDifferentFile() throws IOException {
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        Path c = dir.resolve("c.gguf");
        SyntheticModel.of(ModelShape.TINY, 5).write(a, SourceLayout.GGUF_TQ2_0);
        SyntheticModel.of(ModelShape.TINY, 5).withThreads(1).write(b, SourceLayout.GGUF_TQ2_0);
        SyntheticModel.of(ModelShape.TINY, 6).write(c, SourceLayout.GGUF_TQ2_0);
        assertEquals(-1, Files.mismatch(a, b));
        assertTrue(Files.mismatch(a, c) >= 0);
    }

    @Test
    void hfConfigSaysBitnet() throws IOException {
        Path config = dir.resolve("config.json");
        SyntheticModel.of(ModelShape.TINY, 1).writeHfConfig(config);
        assertEquals("bitnet", SafetensorsSource.quantMethod(config));
    }

    @Test
    void inMemoryPlanesEqualTheFileConversionsPlanes() throws IOException {
        SyntheticModel model = SyntheticModel.of(ModelShape.TINY, ModelFixtures.SEED);
        Path rotor = dir.resolve("a.rotor");
        ModelConverter.create().toRotor(ModelFixtures.tiny(dir, SourceLayout.HF_BITNET), rotor);
        try (Arena arena = Arena.ofShared(); SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            List<TernaryTensor> tensors = model.ternaryTensors(SourceLayout.HF_BITNET, arena);
            List<PlaneTensor> planes = tensors.stream().map(t -> PlaneTensor.allocate(t, arena)).toList();
            ConversionResult result = ModelConverter.builder().threads(2).build().toPlanes(tensors, planes);

            assertEquals(ModelShape.TINY.ternaryWeights(), result.weights());
            assertEquals(result.weights() / 4, result.bytesOut(), "two planes of one bit per weight");
            for (PlaneTensor p : planes) {
                ModelFixtures.assertSameBytes(p.name(), reader.tensor(p.name() + ".pos").orElseThrow().data(), p.pos());
                ModelFixtures.assertSameBytes(p.name(), reader.tensor(p.name() + ".neg").orElseThrow().data(), p.neg());
                float stored = Scales.readF32(reader.tensor(p.name() + ".scale").orElseThrow().data())[0];
                assertEquals(stored, p.scales()[0]);
            }
        }
    }

    @Test
    void inMemoryInvalidCodes() {
        try (Arena arena = Arena.ofConfined()) {
            TernaryTensor t = SyntheticModel.of(ModelShape.TINY, 3).ternaryTensors(SourceLayout.GGUF_TQ2_0, arena)
                    .getFirst();
            t.data().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 0xFF);
            PlaneTensor p = PlaneTensor.allocate(t, arena);
            ModelFormatException e = assertThrows(ModelFormatException.class,
                    () -> ModelConverter.create().toPlanes(List.of(t), List.of(p)));
            assertEquals(t.name(), e.tensorName().orElseThrow());
            ConversionResult lenient = ModelConverter.builder().invalidCodePolicy(InvalidCodePolicy.LENIENT).build()
                    .toPlanes(List.of(t), List.of(p));
            assertEquals(4, lenient.invalidCodes());
        }
    }

    @Test
    void uniformBlockScalesGiveEveryBlockOfATensorOneScale() throws IOException {
        Path varied = dir.resolve("varied.gguf");
        Path uniform = dir.resolve("uniform.gguf");
        SyntheticModel.of(ModelShape.TINY, 5).write(varied, SourceLayout.GGUF_TQ2_0);
        SyntheticModel.of(ModelShape.TINY, 5).withUniformBlockScales().write(uniform, SourceLayout.GGUF_TQ2_0);
        ModelConverter converter = ModelConverter.builder().durable(false).build();
        converter.toRotor(varied, dir.resolve("varied.rotor.safetensors"));
        converter.toRotor(uniform, dir.resolve("uniform.rotor.safetensors"));
        try (dev.rotor.model.RotorFile v = dev.rotor.model.RotorFile.open(dir.resolve("varied.rotor.safetensors"));
             dev.rotor.model.RotorFile u = dev.rotor.model.RotorFile.open(dir.resolve("uniform.rotor.safetensors"))) {
            for (int t = 0; t < u.ternaryTensors().size(); t++) {
                float[] scales = u.ternaryTensors().get(t).scaleValues();
                assertTrue(scales.length > 1);
                for (float scale : scales) {
                    assertEquals(scales[0], scale);
                }
                float[] random = v.ternaryTensors().get(t).scaleValues();
                assertTrue(java.util.Arrays.stream(boxed(random)).distinct().count() > 1, "varied scales");
                assertEquals(-1, v.ternaryTensors().get(t).pos().mismatch(u.ternaryTensors().get(t).pos()),
                        "the same weights");
            }
        }
    }

    private static Float[] boxed(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
