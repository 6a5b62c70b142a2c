package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;

/** Rotor files converted to a layout other than their source's: weights survive, scales only where exact. */
class CrossLayoutConversionTest {
    @TempDir
    Path dir;

    /** bitnet2 planes (scale 1) fit every layout; converting that back to rotor gives the same planes. */
    @ParameterizedTest
    @EnumSource(SourceLayout.class)
    void unitScaledPlanesFitEveryLayout(SourceLayout target) throws IOException {
        ModelConverter converter = ModelConverter.create();
        Path rotor = dir.resolve("a.rotor");
        converter.toRotor(ModelFixtures.tiny(dir, SourceLayout.BITNET2), rotor);
        Path other = dir.resolve("other" + ModelFixtures.extension(target));
        converter.fromRotor(rotor, other, target);
        Path again = dir.resolve("b.rotor");
        converter.toRotor(other, again);

        try (SafetensorsReader a = SafetensorsReader.open(rotor); SafetensorsReader b = SafetensorsReader.open(again)) {
            for (StoredTensor<SafetensorsDType> t : a.tensors()) {
                if (t.name().endsWith(".pos") || t.name().endsWith(".neg")) {
                    ModelFixtures.assertSameBytes(t.name(), t.data(), b.tensor(t.name()).orElseThrow().data());
                }
            }
        }
    }

    /** GGUF block scales travel through a bitnet2 file (as a NAME.scale tensor) and come back exactly. */
    @Test
    void blockScalesSurviveABitnet2Detour() throws IOException {
        ModelConverter converter = ModelConverter.create();
        Path source = ModelFixtures.tiny(dir, SourceLayout.GGUF_TQ1_0);
        Path rotor = dir.resolve("a.rotor");
        converter.toRotor(source, rotor);
        Path bitnet2 = dir.resolve("b.safetensors");
        converter.fromRotor(rotor, bitnet2, SourceLayout.BITNET2);
        Path rotor2 = dir.resolve("b.rotor");
        converter.toRotor(bitnet2, rotor2);
        Path back = dir.resolve("back.gguf");
        converter.fromRotor(rotor2, back, SourceLayout.GGUF_TQ1_0);

        ModelFixtures.assertSameTensors(source, back);
    }

    /** Hugging Face scales divide; GGUF scales multiply; 1/s is rarely exact, so the conversion is refused. */
    @Test
    void inexactScaleConventionChangeIsRefusedNamingTheTensor() throws IOException {
        ModelConverter converter = ModelConverter.create();
        Path rotor = dir.resolve("a.rotor");
        converter.toRotor(ModelFixtures.tiny(dir, SourceLayout.HF_BITNET), rotor);
        Path target = dir.resolve("x.gguf");

        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> converter.fromRotor(rotor, target, SourceLayout.GGUF_TQ2_0));
        assertEquals(rotor, e.path());
        assertEquals(true, e.tensorName().isPresent(), e.getMessage());
        ModelFixtures.assertMentions(e.getMessage(), "divide", "multiply", "not exact");
        assertEquals(false, target.toFile().exists());
        assertEquals(0, ModelFixtures.temporaryFiles(dir).size());
    }

    /** Differing TQ block scales cannot become one Hugging Face weight_scale. */
    @Test
    void blockScalesDoNotFitOneScalePerTensor() throws IOException {
        ModelConverter converter = ModelConverter.create();
        Path rotor = dir.resolve("a.rotor");
        converter.toRotor(ModelFixtures.tiny(dir, SourceLayout.GGUF_TQ2_0), rotor);
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> converter.fromRotor(rotor, dir.resolve("x.gguf"), SourceLayout.GGUF_I2_S));
        ModelFixtures.assertMentions(e.getMessage(), "different block scales");
    }
}
