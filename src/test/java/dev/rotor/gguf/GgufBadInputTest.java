package dev.rotor.gguf;

import static dev.rotor.model.FormatAssertions.GGUF;
import static dev.rotor.model.FormatAssertions.assertFormatError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;

class GgufBadInputTest {
    private static final int F32 = GgmlType.F32.id();

    @TempDir
    Path dir;

    private Path write(GgufBytes bytes) throws IOException {
        return bytes.write(dir.resolve("bad.gguf"));
    }

    /** A file with one metadata entry built by {@code kv} and no tensors. */
    private Path withMetadata(Consumer<GgufBytes> kv) throws IOException {
        GgufBytes b = new GgufBytes().header(3, 0, 1);
        kv.accept(b);
        return write(b);
    }

    /** A file with the given tensor infos (F32 unless stated), padded, then {@code dataBytes} bytes. */
    private Path withTensors(int dataBytes, Consumer<GgufBytes> infos, int count) throws IOException {
        GgufBytes b = new GgufBytes().header(3, count, 0);
        infos.accept(b);
        return write(b.padTo(32).data(dataBytes));
    }

    @Test
    void truncatedAtEveryCutPoint() throws IOException {
        Path valid = dir.resolve("valid.gguf");
        GgufWriter.write(valid, GgufRoundTripTest.allValueTypes(), GgufRoundTripTest.sampleTensors());
        // Every byte of the header, and both edges of every tensor's data.
        TreeSet<Long> cuts = new TreeSet<>();
        long required = 0;
        try (GgufReader reader = GgufReader.open(valid)) {
            LongStream.range(0, reader.dataStart() + 1).forEach(cuts::add);
            for (StoredTensor<GgmlType> t : reader.tensors()) {
                long begin = t.fileOffset();
                long end = begin + t.byteSize();
                cuts.addAll(List.of(begin + 1, end - 1, end, end + 1));
                required = Math.max(required, end);
            }
        }
        byte[] bytes = Files.readAllBytes(valid);
        Path cut = dir.resolve("cut.gguf");
        for (long length : cuts.headSet((long) bytes.length, false)) {
            Files.write(cut, Arrays.copyOf(bytes, (int) length));
            if (length < required) {
                ModelFormatException e = assertThrows(ModelFormatException.class, () -> GGUF.open(cut), "cut " + length);
                assertEquals(cut, e.path());
            } else {
                GGUF.open(cut); // only the last tensor's trailing padding is missing: still a complete file
            }
        }
    }

    @Test
    void wrongMagic() throws IOException {
        Path file = Files.write(dir.resolve("magic.gguf"), "GGUX\3\0\0\0".getBytes());
        assertFormatError(GGUF, file, null, "not a GGUF file: magic is 0x47475558", "byte offset 0");
        assertFormatError(GGUF, Files.write(dir.resolve("short.gguf"), "GG".getBytes()), null, "truncated file", "magic");
    }

    @Test
    void unsupportedVersions() throws IOException {
        assertFormatError(GGUF, write(new GgufBytes().header(1, 0, 0)), null, "unsupported GGUF version 1",
                "byte offset 4");
        assertFormatError(GGUF, write(new GgufBytes().header(4, 0, 0)), null, "unsupported GGUF version 4");
        assertFormatError(GGUF, write(new GgufBytes().header(0x0300_0000L, 0, 0)), null,
                "big-endian GGUF files are not supported");
    }

    @Test
    void absurdCountsFailFastInsteadOfAllocating() throws IOException {
        assertFormatError(GGUF, write(new GgufBytes().header(3, 1L << 60, 0)), null,
                "tensor count 1152921504606846976 cannot fit in the remaining 8 bytes", "byte offset 8");
        assertFormatError(GGUF, write(new GgufBytes().header(3, 0, 1L << 60)), null,
                "metadata count 1152921504606846976 cannot fit", "byte offset 16");
        assertFormatError(GGUF, write(new GgufBytes().header(3, -1, 0)), null, "tensor count 18446744073709551615");
    }

    @Test
    void hugeStringLengths() throws IOException {
        assertFormatError(GGUF, withMetadata(b -> b.tap(k -> k.out.u64(1L << 62)).data(16)), null,
                "metadata key length 4611686018427387904 exceeds the remaining 16 bytes", "byte offset 24");
        assertFormatError(GGUF, withMetadata(b -> {
            b.key("k", GgufValueType.STRING);
            b.out.u64(-2);
        }), null, "metadata 'k' length 18446744073709551614 exceeds the remaining");
        Path name = write(new GgufBytes().header(3, 1, 0).tap(b -> b.out.u64(1L << 40)).data(32));
        assertFormatError(GGUF, name, null, "tensor name length 1099511627776 exceeds");
    }

    @Test
    void hugeArrayCounts() throws IOException {
        assertFormatError(GGUF, withMetadata(b -> {
            b.key("arr", GgufValueType.ARRAY);
            b.out.u32(GgufValueType.UINT32.id());
            b.out.u64(1L << 60);
        }), null, "element count of metadata 'arr' 1152921504606846976 cannot fit", "(at least 4 bytes each)");
        assertFormatError(GGUF, withMetadata(b -> {
            b.key("tokens", GgufValueType.ARRAY);
            b.out.u32(GgufValueType.STRING.id());
            b.out.u64(3);
            b.out.string("a");
            b.out.string("b");
        }), null, "element count of metadata 'tokens' 3 cannot fit");
    }

    @Test
    void arraysNestedTooDeeply() throws IOException {
        assertFormatError(GGUF, withMetadata(b -> {
            b.key("deep", GgufValueType.ARRAY);
            for (int i = 0; i < 20; i++) {
                b.out.u32(GgufValueType.ARRAY.id());
                b.out.u64(1);
            }
            b.out.u32(GgufValueType.UINT8.id());
            b.out.u64(0);
        }), null, "metadata 'deep' nests arrays deeper than 16");
    }

    @Test
    void badMetadataValues() throws IOException {
        assertFormatError(GGUF, withMetadata(b -> {
            b.out.string("k");
            b.out.u32(13);
        }), null, "unknown value type of metadata 'k': 13");
        assertFormatError(GGUF, withMetadata(b -> {
            b.key("flag", GgufValueType.BOOL);
            b.out.u8(2);
        }), null, "metadata 'flag' is a bool but holds 2");
        assertFormatError(GGUF, withMetadata(b -> {
            b.key("k", GgufValueType.UINT64);
            b.out.u32(0);
        }), null, "truncated file: metadata 'k' needs 8 bytes but only 4 remain");
        assertFormatError(GGUF, withMetadata(b -> {
            b.out.u64(2);
            b.out.u8('k');
            b.out.u8(0xC3); // a lone UTF-8 lead byte
            b.out.u32(GgufValueType.UINT8.id());
            b.out.u8(0);
        }), null, "metadata key is not valid UTF-8", "byte offset 33");
    }

    @Test
    void duplicateMetadataKeys() throws IOException {
        Path file = write(new GgufBytes().header(3, 0, 2).u32Value("k", 1).u32Value("k", 2));
        assertFormatError(GGUF, file, null, "duplicate metadata key 'k'", "byte offset 41");
    }

    @Test
    void badAlignment() throws IOException {
        assertFormatError(GGUF, withMetadata(b -> b.stringValue("general.alignment", "32")), null,
                "general.alignment must be a UINT32 but is a STRING");
        assertFormatError(GGUF, withMetadata(b -> b.u32Value("general.alignment", 48)), null,
                "general.alignment 48 is not a power of two");
        assertFormatError(GGUF, withMetadata(b -> b.u32Value("general.alignment", 0)), null,
                "general.alignment 0 is not a power of two");
    }

    @Test
    void tooManyDimensions() throws IOException {
        assertFormatError(GGUF, withTensors(0, b -> b.tensorInfo("w", new long[] {1, 1, 1, 1, 1}, F32, 0), 1),
                "w", "n_dims 5 exceeds the maximum 4");
    }

    @Test
    void dimensionsAboveTheSignedRange() throws IOException {
        assertFormatError(GGUF, withTensors(0, b -> b.tensorInfo("w", new long[] {-1}, F32, 0), 1),
                "w", "ne[0] 18446744073709551615 is too large");
    }

    @Test
    void elementCountOverflow() throws IOException {
        long big = 1L << 32;
        assertFormatError(GGUF, withTensors(0, b -> b.tensorInfo("w", new long[] {big, big, big}, F32, 0), 1),
                "w", "overflows a 64-bit size");
    }

    @Test
    void unknownGgmlTypes() throws IOException {
        assertFormatError(GGUF, withTensors(64, b -> b.tensorInfo("w", new long[] {4}, 99, 0), 1),
                "w", "unknown ggml type id 99: the tensor's size cannot be computed");
        assertFormatError(GGUF, withTensors(64, b -> b.tensorInfo("w", new long[] {4}, 4, 0), 1),
                "w", "unknown ggml type id 4");
    }

    @Test
    void partialBlocks() throws IOException {
        assertFormatError(GGUF, withTensors(64, b -> b.tensorInfo("q", new long[] {33}, GgmlType.Q8_0.id(), 0), 1),
                "q", "ne[0] = 33 is not a multiple of Q8_0's block size 32");
    }

    @Test
    void misalignedOffsets() throws IOException {
        assertFormatError(GGUF, withTensors(64, b -> b.tensorInfo("w", new long[] {4}, F32, 4), 1),
                "w", "offset 4 is not a multiple of the alignment 32", "byte offset 24");
    }

    @Test
    void dataOutOfBounds() throws IOException {
        assertFormatError(GGUF, withTensors(16, b -> b.tensorInfo("w", new long[] {8}, F32, 0), 1),
                "w", "data [0, 32) of F32 [8] runs past the end of the 16-byte data section");
        assertFormatError(GGUF, withTensors(64, b -> b.tensorInfo("w", new long[] {1}, F32, 1L << 62), 1),
                "w", "runs past the end");
        assertFormatError(GGUF, withTensors(64, b -> b.tensorInfo("w", new long[] {1L << 60}, F32, 0), 1),
                "w", "runs past the end");
    }

    @Test
    void overlappingTensors() throws IOException {
        assertFormatError(GGUF, withTensors(96, b -> {
            b.tensorInfo("a", new long[] {16}, F32, 0);
            b.tensorInfo("b", new long[] {16}, F32, 32);
        }, 2), "b", "data [32, 96) overlaps tensor 'a' which ends at 64");
    }

    @Test
    void duplicateTensorNames() throws IOException {
        assertFormatError(GGUF, withTensors(64, b -> {
            b.tensorInfo("w", new long[] {1}, F32, 0);
            b.tensorInfo("w", new long[] {1}, F32, 32);
        }, 2), "w", "duplicate tensor name");
    }

    @Test
    void tensorNameThatIsNotUtf8() throws IOException {
        Path file = write(new GgufBytes().header(3, 1, 0).tap(b -> {
            b.out.u64(1);
            b.out.u8(0xFF);
        }).data(32));
        assertFormatError(GGUF, file, null, "tensor name is not valid UTF-8", "byte offset 32");
    }

    @Test
    void dataSectionPastTheEndOfTheFile() throws IOException {
        Path file = write(new GgufBytes().header(3, 1, 0).tensorInfo("w", new long[] {0}, F32, 0));
        assertFormatError(GGUF, file, null, "the data section would start at 64");
    }

    @Test
    void metadataValueCountIsCapped() {
        GgufBytes b = new GgufBytes().header(3, 0, 2).u32Value("one", 1).key("many", GgufValueType.ARRAY);
        b.out.u32(GgufValueType.UINT8.id());
        b.out.u64(10);
        b.out.bytes(new byte[10]);
        Path name = dir.resolve("in-memory.gguf");
        MemorySegment bytes = MemorySegment.ofArray(b.bytes());
        assertEquals(2, GgufHeader.parse(name, bytes, 12).metadata().size());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufHeader.parse(name, bytes, 11));
        assertTrue(e.getMessage().contains("more than 11 metadata values"), e.getMessage());
    }

    @Test
    void knownGoodSmallFileParses() throws IOException {
        Path file = withTensors(64, b -> {
            b.tensorInfo("a", new long[] {8}, F32, 0);
            b.tensorInfo("b", new long[] {4}, F32, 32);
        }, 2);
        try (GgufReader reader = GgufReader.open(file)) {
            assertEquals(List.of("a", "b"), reader.tensors().stream().map(StoredTensor<GgmlType>::name).toList());
        }
    }
}
