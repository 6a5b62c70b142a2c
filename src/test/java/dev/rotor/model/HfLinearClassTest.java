package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rotor.container.ModelFormatException;
import dev.rotor.layout.ScaleConvention;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/**
 * transformers has two BitNet linear classes whose {@code weight_scale} means opposite things: {@code BitLinear}
 * divides by it, {@code AutoBitLinear} (offline) multiplies. The class comes from {@code config.json}.
 */
class HfLinearClassTest {
    private static final String WEIGHT = "model.layers.0.self_attn.q_proj.weight";

    @TempDir
    Path dir;

    @Test
    void autoBitLinearScalesMultiplyAndTheClassIsRecorded() throws IOException {
        Path model = model("autobitlinear", "offline");
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter converter = ModelConverter.create();
        converter.toRotor(model, rotor);
        JsonNode record = record(rotor);
        assertEquals("multiply", record.get("scale_convention").asText());
        assertEquals("autobitlinear", record.get("linear_class").asText());
        try (RotorFile file = RotorFile.open(rotor)) {
            assertEquals(ScaleConvention.MULTIPLY, file.ternaryTensors().getFirst().convention());
        }

        Path back = dir.resolve("back.safetensors");
        converter.fromRotor(rotor, back);
        assertEquals(-1, Files.mismatch(model, back), "the scale comes back as AutoBitLinear wrote it");

        Path tq2 = dir.resolve("model.gguf");
        converter.fromRotor(rotor, tq2, SourceLayout.GGUF_TQ2_0);
        Path again = dir.resolve("again.rotor.safetensors");
        converter.toRotor(tq2, again);
        try (RotorFile a = RotorFile.open(rotor); RotorFile b = RotorFile.open(again)) {
            float[] scale = a.ternaryTensors().getFirst().scaleValues();
            assertArrayEquals(scale, b.ternaryTensors().getFirst().scaleValues(),
                    "a multiplying scale goes to the GGUF's NAME.scale as it is, and comes back");
        }
    }

    @Test
    void bitLinearIsTheDefaultAndDivides() throws IOException {
        for (Path model : new Path[] {model("bitlinear", "offline"), model(null, null)}) {
            Path rotor = dir.resolve("model.rotor.safetensors");
            ModelConverter.builder().overwrite(true).build().toRotor(model, rotor);
            JsonNode record = record(rotor);
            assertEquals("divide", record.get("scale_convention").asText());
            assertEquals("bitlinear", record.get("linear_class").asText());
        }
    }

    @Test
    void onlineAutoBitLinearHoldsUnquantizedWeights() throws IOException {
        Path model = model("autobitlinear", "online");
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelConverter.create().toRotor(model, dir.resolve("x.rotor.safetensors")));
        assertTrue(e.getMessage().contains("holds unquantized weights") && e.getMessage().contains("online"),
                e.getMessage());
        assertTrue(Files.notExists(dir.resolve("x.rotor.safetensors")));
    }

    @Test
    void unknownValuesAreErrorsNotGuesses() throws IOException {
        ModelFormatException linear = assertThrows(ModelFormatException.class,
                () -> ModelConverter.create().toRotor(model("superlinear", "offline"), dir.resolve("a.rotor")));
        assertTrue(linear.getMessage().contains("linear_class 'superlinear'"), linear.getMessage());
        ModelFormatException mode = assertThrows(ModelFormatException.class,
                () -> ModelConverter.create().toRotor(model("bitlinear", "sometimes"), dir.resolve("b.rotor")));
        assertTrue(mode.getMessage().contains("quantization_mode 'sometimes'"), mode.getMessage());
    }

    /** The tiny synthetic Hugging Face model with a config naming this class and mode (null: the key is absent). */
    private Path model(String linearClass, String mode) throws IOException {
        Path model = ModelFixtures.tiny(dir, SourceLayout.HF_BITNET);
        Path config = dir.resolve(SafetensorsSource.CONFIG_FILE);
        SyntheticModel.of(ModelShape.TINY, ModelFixtures.SEED).writeHfConfig(config);
        ObjectNode root = (ObjectNode) RotorFormat.JSON.readTree(config.toFile());
        ObjectNode quantization = (ObjectNode) root.get("quantization_config");
        quantization.remove("linear_class");
        quantization.remove("quantization_mode");
        if (linearClass != null) {
            quantization.put("linear_class", linearClass).put("quantization_mode", mode);
        }
        Files.writeString(config, root.toPrettyString());
        return model;
    }

    private static JsonNode record(Path rotor) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            return RotorFormat.JSON.readTree(reader.metadata().get(RotorFormat.TENSOR_PREFIX + WEIGHT));
        }
    }
}
