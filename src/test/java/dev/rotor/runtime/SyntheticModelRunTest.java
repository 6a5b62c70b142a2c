package dev.rotor.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ModelConverter;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/**
 * A model of BitNet b1.58 2B4T's shapes (30 layers, hidden 2560, 20 heads, 5 key/value heads, vocabulary 128,256;
 * 1.2 GB) runs end to end: written as a Hugging Face checkpoint, converted to a rotor file, loaded, a prompt
 * processed as a batch and a few tokens generated on two threads. The weights are seeded random numbers, so the
 * tokens are noise: the test checks that the pass runs at full size with finite logits, that greedy decoding is
 * deterministic and that a batch and one token at a time agree, not what the model says.
 */
class SyntheticModelRunTest {
    @TempDir
    Path dir;

    @Test
    void a2b4tShapedModelGeneratesTokens() throws Exception {
        Path hf = dir.resolve("model.safetensors");
        SyntheticModel synthetic = SyntheticModel.of(ModelShape.BITNET_B158_2B4T, 42);
        synthetic.write(hf, SourceLayout.HF_BITNET);
        synthetic.writeHfConfig(dir.resolve("config.json"));
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter.builder().durable(false).build().toRotor(hf, rotor);
        Files.delete(hf);
        ForkJoinPool pool = new ForkJoinPool(2);
        try (BitNetModel model = BitNetModel.load(rotor, dir)) {
            assertEquals(30, model.config().layers());
            assertEquals(128256, model.config().vocabSize());
            int[] prompt = {128000, 791, 6864, 315, 9822, 374};
            Session session = model.newSession(64, pool);
            float[] logits = session.logits(prompt);
            for (float l : logits) {
                assertTrue(Float.isFinite(l), "a logit is " + l);
            }
            session.rewind(0);
            Generation g = session.generate(prompt, 4, Sampler.greedy(), Set.of(), null);
            assertEquals(4, g.tokens().length);
            assertEquals(Sampler.argmax(logits), g.tokens()[0]);
            Session oneByOne = model.newSession(64, pool);
            for (int id : prompt) {
                oneByOne.logits(id);
            }
            Generation again = oneByOne.generate(new int[] {g.tokens()[0]}, 3, Sampler.greedy(), Set.of(), null);
            assertArrayEquals(java.util.Arrays.copyOfRange(g.tokens(), 1, 4), again.tokens());
        } finally {
            pool.shutdown();
        }
    }
}
