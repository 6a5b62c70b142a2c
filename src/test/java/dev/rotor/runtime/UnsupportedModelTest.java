package dev.rotor.runtime;

import static dev.rotor.runtime.SessionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models the runtime cannot run get one sentence saying what was found and what is needed. */
class UnsupportedModelTest {
    @TempDir
    Path dir;

    private static String config() throws IOException {
        return Files.readString(Fixtures.directory(Fixtures.BITLINEAR).resolve("config.json"));
    }

    private static void assertRefused(String json, String fragment) {
        assertMessage(assertThrows(UnsupportedModelException.class, () -> BitNetConfig.fromHfConfig(json)), fragment);
    }

    @Test
    void hfConfigsOfOtherModelsAreRefused() throws IOException {
        String c = config();
        assertRefused(c.replace("\"relu2\"", "\"silu\""), "hidden_act is 'silu'");
        assertRefused(c.replace("\"model_type\": \"bitnet\"", "\"model_type\": \"llama\""), "model_type is 'llama'");
        assertRefused(c.replace("\"offline\"", "\"online\""), "quantization_mode 'online' is not supported");
        assertRefused(c.replace("\"linear_class\": \"bitlinear\"",
                "\"linear_class\": \"bitlinear\", \"use_rms_norm\": true"), "use_rms_norm is true");
        assertRefused(c.replace("\"bitlinear\"", "\"fancylinear\""), "linear_class 'fancylinear'");
        assertRefused(c.replace("\"quant_method\": \"bitnet\"", "\"quant_method\": \"gptq\""),
                "quant_method is 'gptq'");
        assertRefused(c.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3"),
                "4 attention heads and 3 key/value heads");
        assertRefused(c.replace("\"attention_bias\": false", "\"attention_bias\": true"), "attention_bias is true");
        assertRefused(c.replace("\"rope_theta\": 500000.0", "\"rope_scaling\": {\"rope_type\": \"yarn\"}"),
                "RoPE scaling 'yarn'");
        assertRefused(c.replace("\"hidden_size\": 64", "\"hidden_size\": \"big\""), "hidden_size is \"big\"");
        assertRefused("{", "config.json is not JSON");
    }

    @Test
    void hfConfigGivesTheHyperParameters() throws IOException {
        BitNetConfig c = BitNetConfig.fromHfConfig(config());
        assertEquals(new BitNetConfig(64, 192, 3, 4, 2, 16, 4016, 500000.0, 1e-5, 4096, true, List.of(4001)), c);
    }

    @Test
    void ggufKeysOfOtherModelsAreRefused() {
        Map<String, String> llama = Map.of("gguf.general.architecture", "llama");
        assertMessage(assertThrows(UnsupportedModelException.class, () -> BitNetConfig.fromGguf(llama, 10)),
                "the GGUF architecture is 'llama'");
        Map<String, String> partial = Map.of("gguf.general.architecture", "bitnet", "gguf.bitnet.embedding_length",
                "256", "gguf.bitnet.attention.head_count", "4");
        assertMessage(assertThrows(UnsupportedModelException.class, () -> BitNetConfig.fromGguf(partial, 10)),
                "no bitnet.feed_forward_length");
    }

    @Test
    void tensorsThatDoNotFitTheConfigurationAreNamed() throws IOException {
        Path rotor = Fixtures.rotorFile(Fixtures.BITLINEAR, dir);
        BitNetConfig wrong = new BitNetConfig(64, 256, 3, 4, 2, 16, 4016, 500000.0, 1e-5, 4096, true, List.of());
        assertMessage(assertThrows(UnsupportedModelException.class, () -> BitNetModel.load(rotor, wrong)),
                "tensor 'model.layers.0.mlp.gate_proj.weight' is 192x64, the configuration needs 256x64");
        BitNetConfig deeper = new BitNetConfig(64, 192, 4, 4, 2, 16, 4016, 500000.0, 1e-5, 4096, true, List.of());
        assertMessage(assertThrows(UnsupportedModelException.class, () -> BitNetModel.load(rotor, deeper)),
                "tensor 'model.layers.3.input_layernorm.weight' is needed but it is missing");
        Path bare = Fixtures.bareRotorFile(Fixtures.BITLINEAR, dir);
        assertMessage(assertThrows(UnsupportedModelException.class, () -> BitNetModel.load(bare)),
                "carries no model configuration");
    }
}
