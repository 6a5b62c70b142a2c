package dev.rotor.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorData;
import dev.rotor.container.TensorPlace;
import dev.rotor.container.TensorSpec;

public class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    public static byte[] pattern(int n, int seed) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }

    public static TensorSpec<SafetensorsDType> tensor(String name, SafetensorsDType dtype, long[] shape, int seed) {
        int size = (int) dtype.byteSize(shape);
        return new TensorSpec<>(name, dtype, shape, TensorData.of(MemorySegment.ofArray(pattern(size, seed))));
    }

    public static List<TensorSpec<SafetensorsDType>> sampleTensors() {
        return List.of(
                tensor("model.layers.0.self_attn.q_proj.weight", SafetensorsDType.U8, new long[] {3, 5}, 1),
                tensor("model.layers.0.self_attn.q_proj.weight_scale", SafetensorsDType.BF16, new long[] {1}, 2),
                tensor("norm", SafetensorsDType.F32, new long[] {7}, 3),
                tensor("scalar", SafetensorsDType.F64, new long[] {}, 4),
                tensor("empty", SafetensorsDType.I16, new long[] {0, 9}, 5),
                tensor("nibbles", SafetensorsDType.F4, new long[] {2, 3}, 6),
                tensor("ünïcödé ✓", SafetensorsDType.I64, new long[] {2}, 7));
    }

    public static byte[] bytes(MemorySegment segment) {
        return segment.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void writesAndReadsBackEveryTensorInOrder() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("rotor.layout", "{\"json\": \"inside\"}");
        List<TensorSpec<SafetensorsDType>> tensors = sampleTensors();
        List<TensorPlace> places = SafetensorsWriter.write(file, metadata, tensors);

        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertEquals(reader.tensors().stream().map(t -> new TensorPlace(t.name(), t.fileOffset(), t.byteSize()))
                    .toList(), places, "the writer says where each tensor went, as the reader finds it");
            assertEquals(metadata, reader.metadata());
            assertEquals(List.copyOf(metadata.keySet()), List.copyOf(reader.metadata().keySet()));
            assertEquals(0, reader.dataStart() % 8, "data area aligned to 8");
            assertEquals(Files.size(file), reader.fileSize());
            assertEquals(tensors.size(), reader.tensors().size());
            for (int i = 0; i < tensors.size(); i++) {
                TensorSpec<SafetensorsDType> expected = tensors.get(i);
                StoredTensor<SafetensorsDType> actual = reader.tensors().get(i);
                assertEquals(expected.name(), actual.name());
                assertEquals(expected.type(), actual.type());
                assertArrayEquals(expected.shape(), actual.shape());
                assertEquals(expected.byteSize(), actual.byteSize());
                assertArrayEquals(pattern((int) expected.byteSize(), i + 1), bytes(actual.data()));
                assertTrue(actual.data().isReadOnly());
                assertSame(actual, reader.tensor(expected.name()).orElseThrow());
            }
            assertTrue(reader.tensor("missing").isEmpty());
        }
    }

    @Test
    void headerIsSpacePaddedJsonWithOffsetsComputedUpFront() throws IOException {
        Path file = dir.resolve("padded.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                tensor("a", SafetensorsDType.U8, new long[] {3}, 0),
                tensor("b", SafetensorsDType.F16, new long[] {2}, 0)));
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8);
        String json = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"a\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[0,3]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[3,7]}}", json.stripTrailing());
        assertTrue(json.substring(json.stripTrailing().length()).chars().allMatch(c -> c == ' '));
        assertEquals(8 + n + 7, bytes.length);
    }

    /** A header holds metadata values as long as the header allows (a carried tokenizer.json can pass 20M chars). */
    @Test
    void metadataValuesAsLongAsTheHeaderAllowsReadBack() throws IOException {
        Path file = dir.resolve("long.safetensors");
        String value = "x".repeat(20_000_001);
        SafetensorsWriter.write(file, Map.of("hf.tokenizer.json", value), List.of(new TensorSpec<>("w",
                SafetensorsDType.U8, new long[] {1}, segment -> { })));
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertEquals(value.length(), reader.metadata().get("hf.tokenizer.json").length());
        }
    }

    @Test
    void emptyMetadataIsOmittedAndAbsentMetadataReadsAsEmpty() throws IOException {
        Path file = dir.resolve("nometa.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of());
        assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains("__metadata__"));
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertTrue(reader.metadata().isEmpty());
            assertTrue(reader.tensors().isEmpty());
        }
    }

    @Test
    void readsAHandWrittenReferenceStyleFile() throws IOException {
        Path file = SafetensorsFiles.write(dir, "ref.safetensors",
                "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"U8\",\"shape\":[2,2],\"data_offsets\":[4,8]},"
                        + "\"s\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}  ", 8);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertEquals(Map.of("format", "pt"), reader.metadata());
            assertEquals(List.of("w", "s"), reader.tensors().stream().map(StoredTensor<SafetensorsDType>::name).toList());
            assertArrayEquals(new byte[] {4, 5, 6, 7}, bytes(reader.tensors().get(0).data()));
            assertArrayEquals(new byte[] {0, 1, 2, 3}, bytes(reader.tensors().get(1).data()));
        }
    }

    @Test
    void copyingEveryTensorReproducesTheFileBitForBit() throws IOException {
        Path original = dir.resolve("a.safetensors");
        Path copy = dir.resolve("b.safetensors");
        SafetensorsWriter.write(original, Map.of("k", "v"), sampleTensors());
        try (SafetensorsReader reader = SafetensorsReader.open(original)) {
            SafetensorsWriter.write(copy, reader.metadata(),
                    reader.tensors().stream().map(TensorSpec::copyOf).toList());
        }
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
    }

    @Test
    void producersFillTheirSliceOfTheOutputInParallel() throws IOException {
        Path file = dir.resolve("parallel.safetensors");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<TensorSpec<SafetensorsDType>> tensors = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int seed = i;
            tensors.add(new TensorSpec<>("t" + i, SafetensorsDType.U8, new long[] {100 + i},
                    destination -> {
                        threads.add(Thread.currentThread().getName());
                        MemorySegment.copy(MemorySegment.ofArray(pattern((int) destination.byteSize(), seed)), 0,
                                destination, 0, destination.byteSize());
                    }));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SafetensorsWriter.write(file, Map.of(), tensors, pool);
        } finally {
            pool.shutdown();
        }
        assertFalse(threads.contains(Thread.currentThread().getName()));
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            for (int i = 0; i < 24; i++) {
                assertArrayEquals(pattern(100 + i, i), bytes(reader.tensors().get(i).data()));
            }
        }
    }

    @Test
    void aFailingProducerFailsTheWriteAndStopsLaterProducers() {
        Path file = dir.resolve("failing.safetensors");
        AtomicInteger calls = new AtomicInteger();
        List<TensorSpec<SafetensorsDType>> tensors = List.of(
                new TensorSpec<>("ok", SafetensorsDType.U8, new long[] {4}, d -> calls.incrementAndGet()),
                new TensorSpec<>("bad", SafetensorsDType.U8, new long[] {4}, d -> {
                    throw new IOException("source unreadable");
                }),
                new TensorSpec<>("later", SafetensorsDType.U8, new long[] {4}, d -> calls.incrementAndGet()));
        IOException e = assertThrows(IOException.class, () -> SafetensorsWriter.write(file, Map.of(), tensors));
        assertEquals("source unreadable", e.getMessage());
        assertEquals(1, calls.get());
    }

    @Test
    void writerRejectsBadSpecsBeforeCreatingTheFile() {
        Path file = dir.resolve("never.safetensors");
        MemorySegment three = MemorySegment.ofArray(new byte[3]);
        IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class,
                () -> new TensorSpec<>("w", SafetensorsDType.F16, new long[] {2}, TensorData.of(three)));
        assertTrue(wrongSize.getMessage().contains("'w'"), wrongSize.getMessage());
        TensorSpec<SafetensorsDType> reserved = new TensorSpec<>("__metadata__", SafetensorsDType.U8, new long[] {3},
                TensorData.of(three));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file, Map.of(), List.of(reserved)));
        assertThrows(IllegalArgumentException.class,
                () -> new TensorSpec<>("neg", SafetensorsDType.U8, new long[] {-3}, d -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> new TensorSpec<>("odd", SafetensorsDType.F4, new long[] {3}, d -> { }));
        assertThrows(IllegalArgumentException.class, () -> new TensorSpec<>("huge", SafetensorsDType.F64,
                new long[] {1L << 31, 1L << 31}, d -> { }));
        TensorSpec<SafetensorsDType> a = new TensorSpec<>("a", SafetensorsDType.U8, new long[] {3}, TensorData.of(three));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(file, Map.of(), List.of(a, a)));
        assertFalse(Files.exists(file));
    }

    @Test
    void tensorsKeepTheirOwnCopyOfTheShape() throws IOException {
        long[] shape = {2, 2};
        TensorSpec<SafetensorsDType> spec = new TensorSpec<>("s", SafetensorsDType.U8, shape, d -> { });
        shape[0] = 99;
        spec.shape()[1] = 99;
        assertArrayEquals(new long[] {2, 2}, spec.shape());
        assertEquals(spec, new TensorSpec<>("s", SafetensorsDType.U8, new long[] {2, 2}, spec.data()));
    }

    @Test
    void closingTwiceIsHarmlessAndDataIsInaccessibleAfterwards() throws IOException {
        Path file = dir.resolve("closed.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(tensor("a", SafetensorsDType.U8, new long[] {4}, 0)));
        SafetensorsReader reader = SafetensorsReader.open(file);
        MemorySegment data = reader.tensors().getFirst().data();
        reader.close();
        reader.close();
        assertThrows(IllegalStateException.class, () -> data.get(ValueLayout.JAVA_BYTE, 0));
    }
}
