package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorSpec;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.safetensors.SafetensorsWriter;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/**
 * A Hugging Face model directory as input: one {@code model.safetensors} or a sharded checkpoint, with its
 * configuration and tokenizer carried into the rotor file; anything that is not a model is named as such.
 */
class ModelDirectoryTest {
    private static final String TOKENIZER = "{\"model\": {\"type\": \"BPE\"}, \"note\": \"ünïcödé \\u2713\"}";

    @TempDir
    Path dir;

    @Test
    void aModelDirectoryConvertsWithItsConfigurationAndTokenizer() throws IOException {
        Path model = modelDirectory("single");
        Path rotor = dir.resolve("single.rotor.safetensors");
        ModelConverter.create().toRotor(model, rotor);

        try (RotorFile file = RotorFile.open(rotor)) {
            assertEquals(Files.readString(model.resolve("config.json")), file.metadata().get("hf.config.json"));
            assertEquals(TOKENIZER, file.metadata().get("hf.tokenizer.json"));
            assertTrue(!file.metadata().containsKey("hf.generation_config.json"), "only files that exist");
            assertEquals(ModelShape.TINY.ternaryTensors(), file.ternaryTensors().size());
        }
        Path fromFile = dir.resolve("file.rotor.safetensors");
        ModelConverter.create().toRotor(model.resolve(ModelFiles.WEIGHTS), fromFile);
        assertEquals(-1, Files.mismatch(rotor, fromFile), "naming the directory or its weights gives the same file");
    }

    @Test
    void aShardedCheckpointBecomesOneRotorFile() throws IOException {
        Path single = modelDirectory("single");
        Path sharded = shard(single, dir.resolve("sharded"), 3);
        Path a = dir.resolve("a.rotor.safetensors");
        Path b = dir.resolve("b.rotor.safetensors");
        ModelConverter converter = ModelConverter.create();
        converter.toRotor(single, a);
        ConversionResult result = converter.toRotor(sharded, b);
        assertEquals(shardBytes(sharded), result.bytesIn(), "reads every shard");

        try (RotorFile x = RotorFile.open(a); RotorFile y = RotorFile.open(b)) {
            assertEquals(x.ternaryTensors().size(), y.ternaryTensors().size());
            for (RotorFile.TernaryPlanes t : x.ternaryTensors()) {
                RotorFile.TernaryPlanes u = y.ternaryTensors().stream().filter(p -> p.name().equals(t.name()))
                        .findFirst().orElseThrow();
                ModelFixtures.assertSameBytes(t.name(), t.pos(), u.pos());
                ModelFixtures.assertSameBytes(t.name(), t.neg(), u.neg());
                ModelFixtures.assertSameBytes(t.name(), t.scales(), u.scales());
            }
            assertEquals(x.copiedTensors().size(), y.copiedTensors().size());
            assertEquals(x.metadata().get("hf.config.json"), y.metadata().get("hf.config.json"));
        }
        Path back = dir.resolve("back.safetensors");
        converter.fromRotor(b, back);
        try (SafetensorsReader original = SafetensorsReader.open(single.resolve(ModelFiles.WEIGHTS));
             SafetensorsReader again = SafetensorsReader.open(back)) {
            for (StoredTensor<SafetensorsDType> t : original.tensors()) {
                ModelFixtures.assertSameBytes(t.name(), t.data(), again.tensor(t.name()).orElseThrow().data());
            }
        }
        ModelConverter.builder().overwrite(true).build().toRotor(sharded.resolve(ModelFiles.INDEX), b);
    }

    @Test
    void whatIsNotAModelIsNamedInOneSentence() throws IOException {
        Path text = Files.writeString(dir.resolve("README.md"), "# not a model, but long enough to have 9 bytes\n");
        assertMentions(text, "is not a model file: expected a GGUF file");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertMentions(empty, "is a directory without a model: expected model.safetensors or "
                + "model.safetensors.index.json");
        Path badIndex = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(badIndex.resolve(ModelFiles.INDEX), "{\"weight_map\": {\"w\": \"model-00009.safetensors\"}}");
        assertMentions(badIndex, "weight_map names shard 'model-00009.safetensors', which is not a file");
        Files.writeString(badIndex.resolve(ModelFiles.INDEX), "{\"metadata\": {}}");
        assertMentions(badIndex, "has no \"weight_map\"");
    }

    private void assertMentions(Path input, String text) {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelConverter.create().toRotor(input, dir.resolve("out.rotor.safetensors")));
        assertTrue(e.getMessage().contains(text), e.getMessage());
        assertTrue(e.path().startsWith(input), e.path() + " is " + input + " or in it");
    }

    /** The tiny synthetic model as a Hugging Face directory: weights, config and a tokenizer file. */
    private Path modelDirectory(String name) throws IOException {
        Path model = Files.createDirectories(dir.resolve(name));
        SyntheticModel synthetic = SyntheticModel.of(ModelShape.TINY, ModelFixtures.SEED);
        synthetic.write(model.resolve(ModelFiles.WEIGHTS), SourceLayout.HF_BITNET);
        synthetic.writeHfConfig(model.resolve("config.json"));
        Files.writeString(model.resolve("tokenizer.json"), TOKENIZER);
        return model;
    }

    /**
     * The directory's weights split round-robin into {@code count} shards with an index, as Hugging Face shards a
     * checkpoint; a weight and its {@code _scale} land in different shards.
     */
    private static Path shard(Path single, Path target, int count) throws IOException {
        Files.createDirectories(target);
        Files.copy(single.resolve("config.json"), target.resolve("config.json"));
        Files.copy(single.resolve("tokenizer.json"), target.resolve("tokenizer.json"));
        ObjectNode index = RotorFormat.JSON.createObjectNode();
        ObjectNode weightMap = index.putObject("weight_map");
        try (SafetensorsReader reader = SafetensorsReader.open(single.resolve(ModelFiles.WEIGHTS))) {
            List<List<TensorSpec<SafetensorsDType>>> shards = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                shards.add(new ArrayList<>());
            }
            List<StoredTensor<SafetensorsDType>> tensors = reader.tensors();
            for (int i = 0; i < tensors.size(); i++) {
                shards.get(i % count).add(TensorSpec.copyOf(tensors.get(i)));
            }
            for (int s = 0; s < count; s++) {
                String name = String.format("model-%05d-of-%05d.safetensors", s + 1, count);
                SafetensorsWriter.write(target.resolve(name), Map.of("format", "pt"), shards.get(s));
                shards.get(s).forEach(t -> weightMap.put(t.name(), name));
            }
        }
        Files.writeString(target.resolve(ModelFiles.INDEX), index.toPrettyString());
        return target;
    }

    private static long shardBytes(Path sharded) throws IOException {
        return ModelFiles.of(sharded).weights().stream().mapToLong(p -> {
            try {
                return Files.size(p);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).sum();
    }
}
