package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.rotor.container.ContainerReader;
import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorData;
import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufReader;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.safetensors.SafetensorsWriter;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/** Generated models, byte patches and tensor-by-tensor comparisons for the conversion tests. */
public final class ModelFixtures {
    public static final long SEED = 20260101L;

    private ModelFixtures() {
    }

    /** {@code .gguf} for the GGUF layouts, {@code .safetensors} otherwise. */
    static String extension(SourceLayout layout) {
        return GgufTypes.ggmlType(layout) != null ? ".gguf" : ".safetensors";
    }

    /** Writes the tiny synthetic model in {@code layout} to {@code dir/<layout>.<ext>}. */
    public static Path tiny(Path dir, SourceLayout layout) throws IOException {
        Path file = dir.resolve(layout.id() + extension(layout));
        SyntheticModel.of(ModelShape.TINY, SEED).write(file, layout);
        return file;
    }

    /** Asserts that two model files hold the same tensors (names, order, types, shapes, bytes) and metadata. */
    static void assertSameTensors(Path expected, Path actual) throws IOException {
        if (GgufReader.isGguf(expected)) {
            try (GgufReader a = GgufReader.open(expected); GgufReader b = GgufReader.open(actual)) {
                assertEquals(a.tensors().size(), b.tensors().size(), "tensor count");
                for (int i = 0; i < a.tensors().size(); i++) {
                    StoredTensor<GgmlType> x = a.tensors().get(i);
                    StoredTensor<GgmlType> y = b.tensors().get(i);
                    assertEquals(x.name(), y.name());
                    assertEquals(x.type(), y.type(), x.name());
                    assertArrayEquals(x.shape(), y.shape(), x.name());
                    assertSameBytes(x.name(), x.data(), y.data());
                }
            }
        } else {
            try (SafetensorsReader a = SafetensorsReader.open(expected);
                 SafetensorsReader b = SafetensorsReader.open(actual)) {
                assertEquals(a.metadata(), b.metadata());
                assertEquals(a.tensors().size(), b.tensors().size(), "tensor count");
                for (int i = 0; i < a.tensors().size(); i++) {
                    StoredTensor<SafetensorsDType> x = a.tensors().get(i);
                    StoredTensor<SafetensorsDType> y = b.tensors().get(i);
                    assertEquals(x.name(), y.name());
                    assertEquals(x.type(), y.type(), x.name());
                    assertArrayEquals(x.shape(), y.shape(), x.name());
                    assertSameBytes(x.name(), x.data(), y.data());
                }
            }
        }
    }

    public static void assertSameBytes(String what, MemorySegment expected, MemorySegment actual) {
        long at = expected.mismatch(actual);
        assertEquals(-1, at, () -> what + ": first differing byte at " + at);
    }

    /** Temporary files ({@code .NAME.*.tmp}) left in {@code dir}. */
    static List<Path> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** Overwrites bytes of a file in place. */
    static void patch(Path file, long offset, byte... bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    /** File offset of a tensor's data in a safetensors or GGUF file. */
    static long fileOffset(Path file, String tensor) throws IOException {
        try (ContainerReader<?> reader = GgufReader.isGguf(file) ? GgufReader.open(file)
                : SafetensorsReader.open(file)) {
            return reader.tensor(tensor).orElseThrow().fileOffset();
        }
    }

    /** Writes a small safetensors file of U8/F32 tensors given as byte arrays. */
    static Path safetensors(Path file, Map<String, String> metadata, List<TensorSpec<SafetensorsDType>> tensors)
            throws IOException {
        SafetensorsWriter.write(file, metadata, tensors);
        return file;
    }

    /** A tensor of the given bytes. */
    static TensorSpec<SafetensorsDType> tensor(String name, SafetensorsDType dtype, long[] shape, byte[] bytes) {
        return new TensorSpec<>(name, dtype, shape, TensorData.of(MemorySegment.ofArray(bytes)));
    }

    /** A little-endian float as bytes. */
    static byte[] f32(float value) {
        return ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(value).array();
    }

    /** The rotor file's {@code rotor.NAME} record of {@code tensor}. */
    static Optional<String> record(Path rotor, String tensor) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(rotor)) {
            return Optional.ofNullable(reader.metadata().get("rotor." + tensor));
        }
    }

    /** Asserts that a message holds every fragment. */
    static void assertMentions(String message, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
        }
    }
}
