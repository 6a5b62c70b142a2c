package dev.rotor.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import dev.rotor.container.ModelFormatException;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufHeader;
import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufRoundTripTest;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.safetensors.SafetensorsRoundTripTest;
import dev.rotor.safetensors.SafetensorsWriter;

/**
 * Mutates small valid files (bit flips, byte and integer overwrites with boundary values, truncations, insertions,
 * deletions) and checks that the readers either accept the result (and every slice is readable) or throw
 * {@link ModelFormatException}: never another exception, an out-of-memory error or a hang.
 */
class ContainerFuzzTest {
    private static final Path DIR = createTempDir();
    private static final byte[] SAFETENSORS_SEED = safetensorsSeed();
    private static final byte[] GGUF_SEED = ggufSeed();
    private static final long[] BOUNDARY_VALUES = {0, 1, 2, 3, 4, 7, 8, 31, 32, 33, 36, 255, 0xFFFF, Integer.MAX_VALUE,
            0xFFFF_FFFFL, 1L << 32, 1L << 60, 1L << 62, Long.MAX_VALUE, Long.MIN_VALUE, -1, -8};

    enum Kind { FLIP_BIT, SET_BYTE, SET_U32, SET_U64, TRUNCATE, INSERT, DELETE }

    record Mutation(Kind kind, int position, long value) {
        byte[] apply(byte[] in) {
            int at = in.length == 0 ? 0 : Math.floorMod(position, in.length);
            return switch (kind) {
                case FLIP_BIT -> with(in, at, (byte) (in.length == 0 ? 0 : in[at] ^ (1 << (value & 7))), 1);
                case SET_BYTE -> with(in, at, (byte) value, 1);
                case SET_U32 -> put(in, at, value, 4);
                case SET_U64 -> put(in, at, value, 8);
                case TRUNCATE -> Arrays.copyOf(in, at);
                case INSERT -> insert(in, at, (int) Math.floorMod(value, 9L) + 1, (byte) (value >>> 8));
                case DELETE -> delete(in, at, (int) Math.floorMod(value, 9L) + 1);
            };
        }

        private static byte[] with(byte[] in, int at, byte b, int n) {
            byte[] out = in.clone();
            if (at + n <= out.length) {
                out[at] = b;
            }
            return out;
        }

        private static byte[] put(byte[] in, int at, long value, int n) {
            byte[] out = in.clone();
            ByteBuffer buffer = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n && at + i < out.length; i++) {
                buffer.put(at + i, (byte) (value >>> (8 * i)));
            }
            return out;
        }

        private static byte[] insert(byte[] in, int at, int n, byte fill) {
            byte[] out = new byte[in.length + n];
            System.arraycopy(in, 0, out, 0, at);
            Arrays.fill(out, at, at + n, fill);
            System.arraycopy(in, at, out, at + n, in.length - at);
            return out;
        }

        private static byte[] delete(byte[] in, int at, int n) {
            int end = Math.min(in.length, at + n);
            byte[] out = new byte[in.length - (end - at)];
            System.arraycopy(in, 0, out, 0, at);
            System.arraycopy(in, end, out, at, in.length - end);
            return out;
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Long> values = Arbitraries.oneOf(Arbitraries.of(Arrays.stream(BOUNDARY_VALUES).boxed().toList()),
                Arbitraries.longs());
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Kind.class),
                Arbitraries.integers().between(0, 1 << 16), values).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 400)
    void mutatedSafetensorsFilesOnlyEverFailWithModelFormatException(@ForAll("mutations") List<Mutation> mutations)
            throws IOException {
        Path file = write("fuzz.safetensors", mutate(SAFETENSORS_SEED, mutations));
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            reader.metadata().forEach((k, v) -> checksum(k.length() + v.length()));
            reader.tensors().forEach(t -> checksum(sum(t.data()) + t.elementCount()));
        } catch (ModelFormatException expected) {
            checkMessage(expected, file);
        }
    }

    @Property(tries = 400)
    void mutatedGgufFilesOnlyEverFailWithModelFormatException(@ForAll("mutations") List<Mutation> mutations)
            throws IOException {
        Path file = write("fuzz.gguf", mutate(GGUF_SEED, mutations));
        try (GgufReader reader = GgufReader.open(file)) {
            reader.metadata().forEach((k, v) -> checksum(k.length() + v.text().length()));
            reader.tensors().forEach(t -> checksum(sum(t.data()) + t.elementCount()));
        } catch (ModelFormatException expected) {
            checkMessage(expected, file);
        }
    }

    private static byte[] mutate(byte[] seed, List<Mutation> mutations) {
        byte[] bytes = seed;
        for (Mutation mutation : mutations) {
            bytes = mutation.apply(bytes);
        }
        return bytes;
    }

    private static void checkMessage(ModelFormatException e, Path file) {
        if (!e.getMessage().startsWith(file + ": ") || !file.equals(e.path())) {
            throw new AssertionError("message does not name the file: " + e.getMessage(), e);
        }
    }

    private static long sum(MemorySegment data) {
        long sum = 0;
        for (long i = 0; i < data.byteSize(); i++) {
            sum += data.get(ValueLayout.JAVA_BYTE, i);
        }
        return sum;
    }

    private static void checksum(long value) {
        if (value == Long.MIN_VALUE) {
            throw new AssertionError("unreachable");
        }
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(DIR.resolve(name), bytes);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("rotor-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] safetensorsSeed() {
        try {
            Path file = DIR.resolve("seed.safetensors");
            SafetensorsWriter.write(file, Map.of("format", "pt", "k", "v"), List.of(
                    SafetensorsRoundTripTest.tensor("w", SafetensorsDType.U8, new long[] {2, 4}, 1),
                    SafetensorsRoundTripTest.tensor("s", SafetensorsDType.BF16, new long[] {1}, 2),
                    SafetensorsRoundTripTest.tensor("n", SafetensorsDType.F32, new long[] {3}, 3)));
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] ggufSeed() {
        try {
            Path file = DIR.resolve("seed.gguf");
            Map<String, GgufValue> metadata = new java.util.LinkedHashMap<>(GgufRoundTripTest.allValueTypes());
            metadata.put(GgufHeader.ALIGNMENT_KEY, new GgufValue.UInt32(32));
            GgufWriter.write(file, metadata, List.of(
                    GgufRoundTripTest.tensor("a", GgmlType.TQ2_0, new long[] {256}, 1),
                    GgufRoundTripTest.tensor("b", GgmlType.I2_S, new long[] {128}, 2),
                    GgufRoundTripTest.tensor("c", GgmlType.F32, new long[] {3, 2}, 3)));
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void deleteTempDir() throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
