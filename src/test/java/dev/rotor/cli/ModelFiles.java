package dev.rotor.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rotor.layout.SourceLayout;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/** Small synthetic model files for the command tests, and ways to damage them. */
final class ModelFiles {
    private ModelFiles() { }

    /** Writes the tiny seeded model in {@code layout}. */
    static Path tiny(Path dir, String name, SourceLayout layout) throws IOException {
        Path file = dir.resolve(name);
        SyntheticModel.of(ModelShape.TINY, 42).write(file, layout);
        return file;
    }

    /**
     * Flips the low bit of the first 2-bit code of tensor {@code name} in a Hugging Face safetensors file whose
     * code is 0 or 1 (-1 or 0), so the weight changes to another valid value.
     */
    static void flipOneWeight(Path safetensors, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(safetensors, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long offset = dataOffset(channel, name);
            ByteBuffer one = ByteBuffer.allocate(1);
            for (long at = offset; ; at++) {
                one.clear();
                channel.read(one, at);
                int value = one.get(0) & 0xff;
                if ((value & 3) <= 1) {
                    channel.write(ByteBuffer.wrap(new byte[] {(byte) (value ^ 1)}), at);
                    return;
                }
            }
        }
    }

    /** Sets the first 2-bit code of tensor {@code name} in a Hugging Face safetensors file to 3, the invalid code. */
    static void invalidCode(Path safetensors, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(safetensors, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long offset = dataOffset(channel, name);
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (one.get(0) | 3)}), offset);
        }
    }

    /** File offset of tensor {@code name}'s data: 8 + header length + its begin offset. */
    private static long dataOffset(FileChannel channel, String name) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(length, 0);
        int headerLength = (int) length.getLong(0);
        ByteBuffer header = ByteBuffer.allocate(headerLength);
        channel.read(header, 8);
        JsonNode json = new ObjectMapper().readTree(new String(header.array(), StandardCharsets.UTF_8));
        return 8 + headerLength + json.get(name).get("data_offsets").get(0).asLong();
    }

    /** Overwrites the first bytes (the safetensors header length, or the GGUF magic). */
    static Path corruptHeader(Path dir, Path source) throws IOException {
        Path copy = dir.resolve("corrupt-" + source.getFileName());
        byte[] bytes = Files.readAllBytes(source);
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) 0xff;
        }
        Files.write(copy, bytes);
        return copy;
    }
}
