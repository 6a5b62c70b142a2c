package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.rotor.layout.SourceLayout;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/**
 * The full BitNet b1.58 2B4T shape (about 1.2 GB per file), every layout, round trip through rotor. Opt-in only:
 * {@code mvn test -Dtest=LargeModelConversionTest -Drotor.large=true}. Files go to {@code target/large-models} and
 * are deleted after each layout.
 */
@EnabledIfSystemProperty(named = "rotor.large", matches = "true")
class LargeModelConversionTest {
    @ParameterizedTest
    @EnumSource(SourceLayout.class)
    void bitnet2B4TRoundTrip(SourceLayout layout) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "large-models"));
        Path source = dir.resolve("2b4t" + ModelFixtures.extension(layout));
        Path rotor = dir.resolve("2b4t.rotor.safetensors");
        Path back = dir.resolve("back" + ModelFixtures.extension(layout));
        try {
            SyntheticModel.of(ModelShape.BITNET_B158_2B4T, 42).write(source, layout);
            ModelConverter converter = ModelConverter.builder().overwrite(true).build();
            ConversionResult there = converter.toRotor(source, rotor);
            converter.fromRotor(rotor, back);
            assertEquals(210, there.tensorsConverted());
            assertEquals(ModelShape.BITNET_B158_2B4T.ternaryWeights(), there.weights());
            assertEquals(-1, Files.mismatch(source, back));
        } finally {
            for (Path p : new Path[] {source, rotor, back}) {
                Files.deleteIfExists(p);
            }
        }
    }
}
