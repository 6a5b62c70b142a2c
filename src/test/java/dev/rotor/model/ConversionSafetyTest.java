package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsReader;

/** Atomic output, refusal to clobber, parallel determinism and progress reports. */
class ConversionSafetyTest {
    @TempDir
    Path dir;

    private static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** A progress listener that fails the conversion after {@code n} reports, i.e. mid-way. */
    private static ConversionProgress failAfter(int n) {
        AtomicInteger calls = new AtomicInteger();
        return (bytesDone, bytesTotal, tensorsDone, tensorsTotal) -> {
            if (calls.incrementAndGet() == n) {
                throw new Boom();
            }
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void failureMidWayLeavesNoOutputAndNoTemporaryFile(int threads) throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.GGUF_TQ2_0);
        Path target = dir.resolve("out.rotor");
        ModelConverter converter = ModelConverter.builder().threads(threads).progress(failAfter(5)).build();

        assertThrows(Boom.class, () -> converter.toRotor(source, target));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), ModelFixtures.temporaryFiles(dir));
    }

    @Test
    void failedRunLeavesAnExistingTargetUntouched() throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.HF_BITNET);
        Path target = Files.writeString(dir.resolve("out.rotor"), "precious", StandardCharsets.UTF_8);
        ModelConverter converter = ModelConverter.builder().overwrite(true).progress(failAfter(3)).build();

        assertThrows(Boom.class, () -> converter.toRotor(source, target));
        assertEquals("precious", Files.readString(target));
        assertEquals(List.of(), ModelFixtures.temporaryFiles(dir));
    }

    @Test
    void existingTargetIsReplacedOnlyWhenAllowed() throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.BITNET2);
        Path target = Files.writeString(dir.resolve("out.rotor"), "old", StandardCharsets.UTF_8);

        assertThrows(FileAlreadyExistsException.class, () -> ModelConverter.create().toRotor(source, target));
        assertEquals("old", Files.readString(target));

        ModelConverter.builder().overwrite(true).build().toRotor(source, target);
        try (SafetensorsReader reader = SafetensorsReader.open(target)) {
            assertEquals("rotor", reader.metadata().get("format"));
        }
    }

    @Test
    void writingOntoTheInputIsRefused() throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.HF_BITNET);
        byte[] before = Files.readAllBytes(source);
        ModelConverter converter = ModelConverter.builder().overwrite(true).build();

        assertThrows(IllegalArgumentException.class, () -> converter.toRotor(source, source));
        Path sameFileOtherName = dir.resolve(".").resolve(source.getFileName());
        assertThrows(IllegalArgumentException.class, () -> converter.toRotor(source, sameFileOtherName));
        Path link = Files.createSymbolicLink(dir.resolve("link.safetensors"), source);
        assertThrows(IllegalArgumentException.class, () -> converter.toRotor(source, link));

        Path rotor = dir.resolve("a.rotor");
        converter.toRotor(source, rotor);
        assertThrows(IllegalArgumentException.class, () -> converter.fromRotor(rotor, rotor));
        assertArrayEquals(before, Files.readAllBytes(source));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hf-bitnet", "gguf-tq1_0", "gguf-i2_s"})
    void parallelOutputEqualsSingleThreadOutput(String layoutId) throws IOException {
        SourceLayout layout = SourceLayout.fromId(layoutId);
        Path source = ModelFixtures.tiny(dir, layout);
        List<Path> outputs = new ArrayList<>();
        for (int threads : new int[] {1, 2, 5}) {
            Path rotor = dir.resolve("t" + threads + ".rotor");
            ModelConverter.builder().threads(threads).build().toRotor(source, rotor);
            outputs.add(rotor);
            Path back = dir.resolve("t" + threads + ModelFixtures.extension(layout));
            ModelConverter.builder().threads(threads).build().fromRotor(rotor, back);
            outputs.add(back);
        }
        for (int i = 2; i < outputs.size(); i++) {
            assertEquals(-1, Files.mismatch(outputs.get(i % 2), outputs.get(i)), outputs.get(i).toString());
        }
    }

    @Test
    void progressCountsUpToTheTotals() throws IOException {
        Path source = ModelFixtures.tiny(dir, SourceLayout.HF_BITNET);
        List<long[]> reports = new ArrayList<>();
        ModelConverter converter = ModelConverter.builder().threads(2)
                .progress((bytes, totalBytes, tensors, totalTensors) -> reports.add(
                        new long[] {bytes, totalBytes, tensors, totalTensors})).build();
        converter.toRotor(source, dir.resolve("a.rotor"));

        long tensorBytes;
        int tensorCount;
        try (SourceModel model = SourceModel.open(source, null)) {
            tensorBytes = model.tensorBytes();
            tensorCount = model.tensors().size();
        }
        assertFalse(reports.isEmpty());
        long[] last = reports.getLast();
        assertArrayEquals(new long[] {tensorBytes, tensorBytes, tensorCount, tensorCount}, last);
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i)[0] >= reports.get(i - 1)[0] && reports.get(i)[2] >= reports.get(i - 1)[2]);
            assertEquals(tensorBytes, reports.get(i)[1]);
        }
    }
}
