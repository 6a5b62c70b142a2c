package dev.rotor.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ModelConverter;
import dev.rotor.model.RotorFile;

/**
 * The same model through GGUF: transformers' AutoBitLinear checkpoint of the client fixtures (hidden 256, so its
 * rows fit TQ2_0's 256-weight blocks; scales multiply, as in GGUF) converted to a rotor file, from there to GGUF
 * TQ2_0 and I2_S, and back to rotor files, gives the same logits bit for bit: the planes and scales are the same
 * numbers. The GGUF has llama.cpp's tensor names ({@code blk.0.attn_q.weight}, ...) and its {@code bitnet}
 * architecture keys in place of the Hugging Face names and {@code config.json}: the runtime finds the tensors and the
 * configuration in the file itself.
 */
class GgufModelTest {
    private static final int[] PROMPT = {0, 5, 9, 17, 3, 30, 2, 11};

    @TempDir
    Path dir;

    private static Path directory() throws URISyntaxException {
        return Path.of(GgufModelTest.class.getResource("/clients/hf-autobitlinear-offline/config.json").toURI())
                .getParent();
    }

    private Path hfRotor() throws IOException, URISyntaxException {
        Path rotor = dir.resolve("hf.rotor.safetensors");
        converter().toRotor(directory().resolve("model.safetensors"), rotor);
        return rotor;
    }

    private static ModelConverter converter() {
        return ModelConverter.builder().threads(1).durable(false).build();
    }

    private static float[] logits(BitNetModel model) {
        return model.newSession(32, null).feed(PROMPT, true, Session.Trace.NONE);
    }

    @ParameterizedTest
    @EnumSource(value = SourceLayout.class, names = {"GGUF_TQ2_0", "GGUF_I2_S"})
    void ggufLayoutsGiveTheSameLogits(SourceLayout layout) throws Exception {
        Path hf = hfRotor();
        Path gguf = dir.resolve("model.gguf");
        converter().fromRotor(hf, gguf, layout);
        Path back = dir.resolve("gguf.rotor.safetensors");
        converter().toRotor(gguf, back);
        try (BitNetModel a = BitNetModel.load(hf); BitNetModel b = BitNetModel.load(back)) {
            assertEquals(a.config().hiddenSize(), b.config().hiddenSize());
            assertEquals(a.config().kvHeads(), b.config().kvHeads());
            assertEquals(a.config().ropeTheta(), b.config().ropeTheta());
            assertArrayEquals(logits(a), logits(b));
            int[] greedyA = a.newSession(32, null).generate(PROMPT, 8, Sampler.greedy(), Set.of(), null).tokens();
            assertArrayEquals(greedyA, b.newSession(32, null).generate(PROMPT, 8, Sampler.greedy(), Set.of(), null)
                    .tokens());
        }
        try (RotorFile file = RotorFile.open(back)) {
            assertEquals("bitnet", file.metadata().get("gguf.general.architecture"), "llama.cpp's architecture");
            assertTrue(file.ternaryTensors().stream().anyMatch(t -> t.name().equals("blk.0.attn_q.weight")),
                    "llama.cpp's tensor names");
        }
    }
}
