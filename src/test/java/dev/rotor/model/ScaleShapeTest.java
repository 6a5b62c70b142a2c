package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorData;
import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.safetensors.SafetensorsWriter;

/** A TQ tensor's scales are {@code [rows, cols/256]} whatever their count, a single block's included. */
class ScaleShapeTest {
    /** TQ2_0 code 1 in every 2-bit field: every weight 0. */
    private static final byte ZEROS = 0x55;
    private static final int TQ2_QS_BYTES = 64;
    private static final short FP16_ONE_AND_A_HALF = 0x3E00;

    @TempDir
    Path dir;

    @Test
    void aOneBlockTq2TensorGetsScalesShapedRowsByBlocks() throws IOException {
        Path source = oneBlockGguf();
        Path rotor = dir.resolve("one.rotor.safetensors");
        ModelConverter.create().toRotor(source, rotor);
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            assertArrayEquals(new long[] {1, 1}, reader.tensor("one.weight.scale").orElseThrow().shape());
            assertArrayEquals(new long[] {2, 1}, reader.tensor("two.weight.scale").orElseThrow().shape());
        }
        Path back = dir.resolve("back.gguf");
        ModelConverter.create().fromRotor(rotor, back);
        assertEquals(-1, Files.mismatch(source, back));
    }

    @Test
    void rotorFilesWrittenWithTheOldOneElementShapeStillRead() throws IOException {
        Path source = oneBlockGguf();
        Path rotor = dir.resolve("one.rotor.safetensors");
        ModelConverter.create().toRotor(source, rotor);
        Path old = dir.resolve("old.rotor.safetensors");
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            List<TensorSpec<SafetensorsDType>> tensors = new ArrayList<>();
            for (StoredTensor<SafetensorsDType> t : reader.tensors()) {
                long[] shape = t.name().equals("one.weight.scale") ? new long[] {1} : t.shape();
                tensors.add(new TensorSpec<>(t.name(), t.type(), shape, TensorData.of(t.data())));
            }
            SafetensorsWriter.write(old, reader.metadata(), tensors);
        }
        try (RotorFile file = RotorFile.open(old)) {
            assertArrayEquals(new float[] {1.5f}, file.ternaryTensors().getFirst().scaleValues());
        }
        Path back = dir.resolve("back.gguf");
        ModelConverter.create().fromRotor(old, back);
        assertEquals(-1, Files.mismatch(source, back));
    }

    /** A GGUF with a 1x256 and a 2x256 TQ2_0 tensor, every weight 0, every block scale 1.5. */
    private Path oneBlockGguf() throws IOException {
        Path file = dir.resolve("one.gguf");
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("general.architecture", new GgufValue.Str("test"));
        GgufWriter.write(file, metadata, List.of(tq2("one.weight", 1), tq2("two.weight", 2)));
        return file;
    }

    private static TensorSpec<GgmlType> tq2(String name, int rows) {
        ByteBuffer blocks = ByteBuffer.allocate(rows * GgmlType.TQ2_0.typeSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < TQ2_QS_BYTES; i++) {
                blocks.put(ZEROS);
            }
            blocks.putShort(FP16_ONE_AND_A_HALF);
        }
        return new TensorSpec<>(name, GgmlType.TQ2_0, new long[] {256, rows},
                TensorData.of(MemorySegment.ofArray(blocks.array())));
    }
}
