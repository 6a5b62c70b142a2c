package dev.rotor.gguf;

import static dev.rotor.safetensors.SafetensorsRoundTripTest.bytes;
import static dev.rotor.safetensors.SafetensorsRoundTripTest.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.container.StoredTensor;
import dev.rotor.container.TensorData;
import dev.rotor.container.TensorPlace;
import dev.rotor.container.TensorSpec;

public class GgufRoundTripTest {
    @TempDir
    Path dir;

    public static Map<String, GgufValue> allValueTypes() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", new GgufValue.Str("bitnet-b1.58"));
        m.put("u8", new GgufValue.UInt8(255));
        m.put("i8", new GgufValue.Int8((byte) -128));
        m.put("u16", new GgufValue.UInt16(65535));
        m.put("i16", new GgufValue.Int16((short) -32768));
        m.put("u32", new GgufValue.UInt32(0xFFFF_FFFFL));
        m.put("i32", new GgufValue.Int32(Integer.MIN_VALUE));
        m.put("u64", new GgufValue.UInt64(-1L));
        m.put("i64", new GgufValue.Int64(Long.MIN_VALUE));
        m.put("f32", new GgufValue.Float32(1e-5f));
        m.put("f64", new GgufValue.Float64(Math.PI));
        m.put("bool", new GgufValue.Bool(true));
        m.put("unicode ✓", new GgufValue.Str("ünïcödé \"quoted\" \u0000 \uD83D\uDE00"));
        m.put("tokens", new GgufValue.Array(GgufValueType.STRING,
                List.of(new GgufValue.Str("<s>"), new GgufValue.Str("</s>"), new GgufValue.Str(""))));
        m.put("scores", new GgufValue.Array(GgufValueType.FLOAT32,
                List.of(new GgufValue.Float32(-1.5f), new GgufValue.Float32(Float.NaN))));
        m.put("empty", new GgufValue.Array(GgufValueType.INT32, List.of()));
        m.put("nested", new GgufValue.Array(GgufValueType.ARRAY, List.of(
                new GgufValue.Array(GgufValueType.UINT8, List.of(new GgufValue.UInt8(1), new GgufValue.UInt8(2))),
                new GgufValue.Array(GgufValueType.BOOL, List.of(new GgufValue.Bool(false))))));
        return m;
    }

    public static TensorSpec<GgmlType> tensor(String name, GgmlType type, long[] ne, int seed) {
        long size = type.byteSize(ne);
        return new TensorSpec<>(name, type, ne, TensorData.of(MemorySegment.ofArray(pattern((int) size, seed))));
    }

    static List<TensorSpec<GgmlType>> sampleTensors() {
        return List.of(
                tensor("token_embd.weight", GgmlType.F16, new long[] {8, 3}, 1),
                tensor("blk.0.attn_q.weight", GgmlType.I2_S, new long[] {128, 2}, 2),
                tensor("blk.0.attn_k.weight", GgmlType.TQ2_0, new long[] {256, 2}, 3),
                tensor("blk.0.attn_v.weight", GgmlType.TQ1_0, new long[] {256}, 4),
                tensor("blk.0.ffn_up.weight", GgmlType.Q8_0, new long[] {64, 1}, 5),
                tensor("output_norm.weight", GgmlType.F32, new long[] {5}, 6),
                tensor("bf16", GgmlType.BF16, new long[] {3, 1, 1, 1}, 7),
                tensor("scalar", GgmlType.F32, new long[] {}, 8));
    }

    @Test
    void writesAndReadsBackMetadataOfEveryTypeAndTensors() throws IOException {
        Path file = dir.resolve("model.gguf");
        Map<String, GgufValue> metadata = allValueTypes();
        List<TensorSpec<GgmlType>> tensors = sampleTensors();
        GgufWriter.write(file, metadata, tensors);

        try (GgufReader reader = GgufReader.open(file)) {
            assertEquals(3, reader.version());
            assertEquals(32, reader.alignment());
            assertEquals(metadata, reader.metadata());
            assertEquals(List.copyOf(metadata.keySet()), List.copyOf(reader.metadata().keySet()));
            assertEquals(0, reader.dataStart() % 32);
            assertEquals(tensors.size(), reader.tensors().size());
            for (int i = 0; i < tensors.size(); i++) {
                TensorSpec<GgmlType> expected = tensors.get(i);
                StoredTensor<GgmlType> actual = reader.tensors().get(i);
                assertEquals(expected.name(), actual.name());
                assertEquals(expected.type(), actual.type());
                assertArrayEquals(expected.shape(), actual.shape());
                assertEquals(0, (actual.fileOffset() - reader.dataStart()) % 32);
                assertArrayEquals(pattern((int) expected.byteSize(), i + 1), bytes(actual.data()));
                assertEquals(actual, reader.tensor(expected.name()).orElseThrow());
            }
            assertEquals(128 * 2 / 4 + 32, reader.tensor("blk.0.attn_q.weight").orElseThrow().byteSize());
            assertEquals(2 * 66, reader.tensor("blk.0.attn_k.weight").orElseThrow().byteSize());
            assertEquals(54, reader.tensor("blk.0.attn_v.weight").orElseThrow().byteSize());
            assertEquals(2 * 34, reader.tensor("blk.0.ffn_up.weight").orElseThrow().byteSize());
        }
    }

    @Test
    void customAlignmentIsHonouredForHeaderAndEveryTensor() throws IOException {
        Path file = dir.resolve("aligned.gguf");
        Map<String, GgufValue> metadata = Map.of(GgufHeader.ALIGNMENT_KEY, new GgufValue.UInt32(64));
        List<TensorPlace> places = GgufWriter.write(file, metadata, sampleTensors());
        try (GgufReader reader = GgufReader.open(file)) {
            assertEquals(64, reader.alignment());
            assertEquals(0, reader.dataStart() % 64);
            reader.tensors().forEach(t -> assertEquals(0, (t.fileOffset() - reader.dataStart()) % 64, t.name()));
            assertEquals(reader.tensors().stream().map(t -> new TensorPlace(t.name(), t.fileOffset(), t.byteSize()))
                    .toList(), places, "the writer says where each tensor went, as the reader finds it");
        }
    }

    @Test
    void readsVersion2Files() throws IOException {
        Path file = dir.resolve("v2.gguf");
        GgufWriter.write(file, Map.of("k", new GgufValue.Str("v")), sampleTensors());
        byte[] bytes = Files.readAllBytes(file);
        bytes[4] = 2;
        Files.write(file, bytes);
        try (GgufReader reader = GgufReader.open(file)) {
            assertEquals(2, reader.version());
            assertEquals(sampleTensors().size(), reader.tensors().size());
        }
    }

    @Test
    void copyingEveryTensorReproducesTheFileBitForBit() throws IOException {
        Path original = dir.resolve("a.gguf");
        Path copy = dir.resolve("b.gguf");
        GgufWriter.write(original, allValueTypes(), sampleTensors());
        try (GgufReader reader = GgufReader.open(original)) {
            GgufWriter.write(copy, reader.metadata(), reader.tensors().stream().map(TensorSpec::copyOf).toList());
        }
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
    }

    @Test
    void headerLayoutMatchesTheSpecification() throws IOException {
        Path file = dir.resolve("layout.gguf");
        GgufWriter.write(file, Map.of("a", new GgufValue.UInt8(7)),
                List.of(tensor("t", GgmlType.F32, new long[] {2}, 0)));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('G', b.get(0));
        assertEquals('F', b.get(3));
        assertEquals(3, b.getInt(4));
        assertEquals(1, b.getLong(8));
        assertEquals(1, b.getLong(16));
        assertEquals(1, b.getLong(24)); // key length
        assertEquals('a', b.get(32));
        assertEquals(GgufValueType.UINT8.id(), b.getInt(33));
        assertEquals(7, b.get(37));
        assertEquals(1, b.getLong(38)); // tensor name length
        assertEquals('t', b.get(46));
        assertEquals(1, b.getInt(47)); // n_dims
        assertEquals(2, b.getLong(51)); // ne[0]
        assertEquals(GgmlType.F32.id(), b.getInt(59));
        assertEquals(0, b.getLong(63)); // offset
        assertEquals(96 + 32, b.capacity()); // 71-byte header padded to 96, then 8 data bytes padded to 32
        try (GgufReader reader = GgufReader.open(file)) {
            assertEquals(96, reader.dataStart());
        }
    }

    @Test
    void producersRunInParallelOnTheGivenExecutor() throws IOException {
        Path file = dir.resolve("parallel.gguf");
        List<TensorSpec<GgmlType>> tensors = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int seed = i;
            tensors.add(new TensorSpec<>("t" + i, GgmlType.TQ2_0, new long[] {256, i + 1}, destination ->
                    MemorySegment.copy(MemorySegment.ofArray(pattern((int) destination.byteSize(), seed)), 0,
                            destination, 0, destination.byteSize())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            GgufWriter.write(file, Map.of(), tensors, pool);
        } finally {
            pool.shutdown();
        }
        try (GgufReader reader = GgufReader.open(file)) {
            for (int i = 0; i < 16; i++) {
                assertArrayEquals(pattern(66 * (i + 1), i), bytes(reader.tensors().get(i).data()));
            }
        }
    }

    @Test
    void writerRejectsBadSpecsBeforeCreatingTheFile() {
        Path file = dir.resolve("never.gguf");
        TensorSpec<GgmlType> five = new TensorSpec<>("five", GgmlType.F32, new long[] {1, 1, 1, 1, 1}, d -> { });
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.write(file, Map.of(), List.of(five)));
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
                () -> new TensorSpec<>("q", GgmlType.Q8_0, new long[] {33}, d -> { }));
        assertTrue(partial.getMessage().contains("'q'") && partial.getMessage().contains("block size 32"));
        assertThrows(IllegalArgumentException.class, () -> new TensorSpec<>("w", GgmlType.F32, new long[] {2},
                TensorData.of(MemorySegment.ofArray(new byte[7]))));
        TensorSpec<GgmlType> t = tensor("t", GgmlType.F32, new long[] {1}, 0);
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.write(file, Map.of(), List.of(t, t)));
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.write(file,
                Map.of(GgufHeader.ALIGNMENT_KEY, new GgufValue.UInt32(48)), List.of(t)));
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.write(file,
                Map.of(GgufHeader.ALIGNMENT_KEY, new GgufValue.UInt64(64)), List.of(t)));
        assertThrows(IllegalArgumentException.class, () -> GgufWriter.write(file,
                Map.of("bad", new GgufValue.Str("\uD800")), List.of(t)));
        assertFalse(Files.exists(file));
    }

    @Test
    void emptyFileWithoutTensorsRoundTrips() throws IOException {
        Path file = dir.resolve("empty.gguf");
        GgufWriter.write(file, Map.of(), List.of());
        try (GgufReader reader = GgufReader.open(file)) {
            assertTrue(reader.metadata().isEmpty());
            assertTrue(reader.tensors().isEmpty());
        }
    }

    @Test
    void valuesFlattenToText() {
        Map<String, GgufValue> m = allValueTypes();
        assertEquals("bitnet-b1.58", m.get("general.architecture").text());
        assertEquals("255", m.get("u8").text());
        assertEquals("-128", m.get("i8").text());
        assertEquals("4294967295", m.get("u32").text());
        assertEquals("18446744073709551615", m.get("u64").text());
        assertEquals("-9223372036854775808", m.get("i64").text());
        assertEquals("1.0E-5", m.get("f32").text());
        assertEquals("true", m.get("bool").text());
        assertEquals("[\"<s>\",\"</s>\",\"\"]", m.get("tokens").text());
        assertEquals("[-1.5,\"NaN\"]", m.get("scores").text());
        assertEquals("[]", m.get("empty").text());
        assertEquals("[[1,2],[false]]", m.get("nested").text());
        assertEquals("[18446744073709551615]",
                new GgufValue.Array(GgufValueType.UINT64, List.of(new GgufValue.UInt64(-1))).text());
    }

    @Test
    void valuesRejectOutOfRangeNumbersAndMixedArrays() {
        assertThrows(IllegalArgumentException.class, () -> new GgufValue.UInt8(256));
        assertThrows(IllegalArgumentException.class, () -> new GgufValue.UInt16(-1));
        assertThrows(IllegalArgumentException.class, () -> new GgufValue.UInt32(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new GgufValue.Array(GgufValueType.INT32,
                List.of(new GgufValue.Int32(1), new GgufValue.UInt32(1))));
    }

    @Test
    void ggmlTypeSizes() {
        assertEquals(4 * 6, GgmlType.F32.byteSize(new long[] {3, 2}));
        assertEquals(2 * 6, GgmlType.F16.byteSize(new long[] {3, 2}));
        assertEquals(2 * 6, GgmlType.BF16.byteSize(new long[] {3, 2}));
        assertEquals(34 * 4, GgmlType.Q8_0.byteSize(new long[] {64, 2}));
        assertEquals(66 * 3, GgmlType.TQ2_0.byteSize(new long[] {256, 3}));
        assertEquals(54 * 3, GgmlType.TQ1_0.byteSize(new long[] {768}));
        assertEquals(2560L * 2560 / 4 + 32, GgmlType.I2_S.byteSize(new long[] {2560, 2560}));
        assertEquals(4, GgmlType.F32.byteSize(new long[] {}));
        assertThrows(IllegalArgumentException.class, () -> GgmlType.TQ2_0.byteSize(new long[] {128, 2}));
        assertThrows(ArithmeticException.class, () -> GgmlType.F32.byteSize(new long[] {1L << 62}));
        assertEquals(GgmlType.TQ1_0, GgmlType.fromId(34).orElseThrow());
        assertEquals(GgmlType.TQ2_0, GgmlType.fromId(35).orElseThrow());
        assertEquals(GgmlType.I2_S, GgmlType.fromId(36).orElseThrow());
        assertEquals(GgmlType.BF16, GgmlType.fromId(30).orElseThrow());
        assertTrue(GgmlType.fromId(4).isEmpty());
        assertTrue(GgmlType.fromId(99).isEmpty());
        assertTrue(GgmlType.fromId(-1).isEmpty());
        for (GgmlType type : GgmlType.values()) {
            assertEquals(type, GgmlType.fromId(type.id()).orElseThrow());
        }
    }

    @Test
    void tensorsCanBeReadFromManyThreadsAtOnce() throws IOException {
        Path file = dir.resolve("threads.gguf");
        List<TensorSpec<GgmlType>> tensors = sampleTensors();
        GgufWriter.write(file, Map.of(), tensors);
        try (GgufReader reader = GgufReader.open(file)) {
            List<byte[]> read = reader.tensors().parallelStream().map(t -> bytes(t.data())).toList();
            for (int i = 0; i < tensors.size(); i++) {
                assertArrayEquals(pattern((int) tensors.get(i).byteSize(), i + 1), read.get(i));
            }
        }
    }

    @Test
    void dataIsReadOnlyAndSlicesTheMapping() throws IOException {
        Path file = dir.resolve("ro.gguf");
        GgufWriter.write(file, Map.of(), List.of(tensor("t", GgmlType.F32, new long[] {4}, 0)));
        try (GgufReader reader = GgufReader.open(file)) {
            MemorySegment data = reader.tensors().getFirst().data();
            assertTrue(data.isReadOnly());
            assertTrue(data.isMapped());
            assertThrows(IllegalArgumentException.class, () -> data.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        }
    }
}
