package dev.rotor.model;

import static dev.rotor.model.ModelFixtures.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.container.ModelFormatException;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.container.StoredTensor;
import dev.rotor.synthetic.BitNetTensors;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/** {@link RotorFile} reads back what {@link ModelConverter} wrote, and refuses what is not a rotor file of version 1. */
class RotorFileTest {
    private static final ModelShape SHAPE = ModelShape.TINY;

    @TempDir
    Path dir;

    private Path rotorFrom(SourceLayout layout) throws IOException {
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter.create().toRotor(ModelFixtures.tiny(dir, layout), rotor);
        return rotor;
    }

    /** The names of the tiny model's ternary tensors (or of its other tensors) in {@code layout}, in file order. */
    private static List<String> names(SourceLayout layout, boolean ternary) {
        boolean gguf = GgufTypes.ggmlType(layout) != null;
        return BitNetTensors.of(SHAPE).stream().filter(s -> (s.kind() == BitNetTensors.Kind.TERNARY) == ternary)
                .map(s -> gguf ? s.ggufName() : s.hfName()).toList();
    }

    @ParameterizedTest
    @EnumSource(value = SourceLayout.class, names = {"HF_BITNET", "GGUF_TQ2_0"})
    void ternaryTensorsHoldThePlanesAndScalesOfTheConversion(SourceLayout layout) throws IOException {
        Path rotor = rotorFrom(layout);
        List<String> names = names(layout, true);
        try (RotorFile file = RotorFile.open(rotor); Arena arena = Arena.ofConfined()) {
            List<TernaryTensor> packed = SyntheticModel.of(SHAPE, ModelFixtures.SEED).ternaryTensors(layout, arena);
            List<PlaneTensor> expected = packed.stream().map(t -> PlaneTensor.allocate(t, arena)).toList();
            ModelConverter.create().toPlanes(packed, expected);

            List<RotorFile.TernaryPlanes> actual = file.ternaryTensors();
            assertEquals(names, actual.stream().map(RotorFile.TernaryPlanes::name).toList());
            for (int i = 0; i < actual.size(); i++) {
                assertSamePlanes(expected.get(i), actual.get(i), layout);
            }
            assertEquals(names(layout, false), file.copiedTensors().stream().map(StoredTensor<SafetensorsDType>::name).toList());
        }
    }

    private static void assertSamePlanes(PlaneTensor expected, RotorFile.TernaryPlanes actual, SourceLayout layout) {
        String name = actual.name();
        assertEquals(expected.rows(), actual.rows(), name);
        assertEquals(expected.cols(), actual.cols(), name);
        assertEquals((long) actual.rows() * actual.cols(), actual.weights(), name);
        assertEquals(layout, actual.layout(), name);
        assertEquals(layout.scaleConvention(), actual.convention(), name);
        assertEquals(actual.rows() * actual.planeStride(), actual.pos().byteSize(), name);
        ModelFixtures.assertSameBytes(name + ".pos", expected.pos(), actual.pos());
        ModelFixtures.assertSameBytes(name + ".neg", expected.neg(), actual.neg());
        assertArrayEquals(expected.scales(), actual.scaleValues(), name);
    }

    @Test
    void metadataIsTheFilesWithoutTheTensorRecords() throws IOException {
        Path rotor = rotorFrom(SourceLayout.HF_BITNET);
        Map<String, String> expected = new LinkedHashMap<>();
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            reader.metadata().forEach((k, v) -> {
                if (!k.startsWith("rotor.")) {
                    expected.put(k, v);
                }
            });
        }
        try (RotorFile file = RotorFile.open(rotor)) {
            assertEquals(rotor, file.path());
            assertEquals(List.copyOf(expected.entrySet()), List.copyOf(file.metadata().entrySet()));
            assertEquals("rotor", file.metadata().get("format"));
            assertEquals("1", file.metadata().get("format_version"));
            assertEquals("pt", file.metadata().get("safetensors.format"));
            assertThrows(UnsupportedOperationException.class, () -> file.metadata().put("x", "y"));
        }
    }

    @Test
    void dataCannotBeReadAfterClose() throws IOException {
        RotorFile.TernaryPlanes first;
        try (RotorFile file = RotorFile.open(rotorFrom(SourceLayout.BITNET2))) {
            first = file.ternaryTensors().getFirst();
        }
        assertThrows(IllegalStateException.class, () -> first.pos().get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void aModelThatIsNotARotorFileIsRefused() throws IOException {
        Path hf = ModelFixtures.tiny(dir, SourceLayout.HF_BITNET);
        Path gguf = ModelFixtures.tiny(dir, SourceLayout.GGUF_TQ2_0);
        assertFalse(RotorFile.isRotorFile(hf));
        assertFalse(RotorFile.isRotorFile(gguf));
        assertRefused(hf, "not a rotor file: metadata 'format' is 'pt', expected 'rotor'");
        assertRefused(gguf);
        assertTrue(RotorFile.isRotorFile(rotorFrom(SourceLayout.BITNET2)));
    }

    @Test
    void anotherVersionIsRefused() throws IOException {
        Path rotor = ModelFixtures.safetensors(dir.resolve("v2.rotor.safetensors"),
                Map.of("format", "rotor", "format_version", "2"),
                List.of(tensor("x", SafetensorsDType.F32, new long[] {1}, ModelFixtures.f32(1f))));
        assertTrue(RotorFile.isRotorFile(rotor), "a rotor file, if not one this library reads");
        assertRefused(rotor, "unsupported rotor format_version '2'");
    }

    private static void assertRefused(Path file, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> RotorFile.open(file).close());
        assertEquals(file, e.path());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        ModelFixtures.assertMentions(e.getMessage(), fragments);
    }
}
