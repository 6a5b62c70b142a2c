package dev.rotor.safetensors;

import static dev.rotor.model.FormatAssertions.SAFETENSORS;
import static dev.rotor.model.FormatAssertions.assertFormatError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.rotor.container.ModelFormatException;
import dev.rotor.gguf.GgufReader;

class SafetensorsBadInputTest {
    @TempDir
    Path dir;

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    private Path file(String json, int dataBytes) throws IOException {
        return SafetensorsFiles.write(dir, "bad.safetensors", json, dataBytes);
    }

    @Test
    void tooShortForTheLengthField() throws IOException {
        assertFormatError(SAFETENSORS, Files.write(dir.resolve("empty.safetensors"), new byte[0]), null,
                "truncated file", "header length");
        assertFormatError(SAFETENSORS, Files.write(dir.resolve("seven.safetensors"), new byte[7]), null,
                "truncated file", "needs 8 bytes but only 7 remain");
    }

    @Test
    void truncatedAtEveryCutPoint() throws IOException {
        Path valid = dir.resolve("valid.safetensors");
        SafetensorsWriter.write(valid, Map.of("k", "v"), List.of(
                SafetensorsRoundTripTest.tensor("a", SafetensorsDType.U8, new long[] {5}, 1),
                SafetensorsRoundTripTest.tensor("b", SafetensorsDType.F32, new long[] {2}, 2)));
        byte[] bytes = Files.readAllBytes(valid);
        Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            ModelFormatException e = assertFormatErrorAnyTensor(cut);
            assertEquals(cut, e.path());
        }
    }

    private static ModelFormatException assertFormatErrorAnyTensor(Path file) {
        return org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class, () -> SAFETENSORS.open(file));
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        Path file = Files.write(dir.resolve("long.safetensors"), SafetensorsFiles.raw(1000, "{}".getBytes(), new byte[0]));
        assertFormatError(SAFETENSORS, file, null, "header length 1000 exceeds the 2 bytes", "byte offset 0");
    }

    @Test
    void headerLengthAboveTheLimitIsRejectedBeforeAnyAllocation() throws IOException {
        Path file = Files.write(dir.resolve("limit.safetensors"), SafetensorsFiles.raw(100_000_001, new byte[8], new byte[0]));
        assertFormatError(SAFETENSORS, file, null, "header length 100000001 exceeds the limit of 100000000");
        Path negative = Files.write(dir.resolve("neg.safetensors"), SafetensorsFiles.raw(-1, new byte[8], new byte[0]));
        assertFormatError(SAFETENSORS, negative, null, "header length 18446744073709551615 exceeds the limit");
    }

    @Test
    void headerThatIsNotUtf8() throws IOException {
        byte[] header = "{\"a\":{}}".getBytes(StandardCharsets.US_ASCII);
        header[3] = (byte) 0xFF;
        Path file = Files.write(dir.resolve("latin.safetensors"), SafetensorsFiles.raw(header.length, header, new byte[0]));
        assertFormatError(SAFETENSORS, file, null, "header is not valid UTF-8", "byte offset 11");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"a\":                       | header is not valid JSON",
        "{} trailing                   | header is not valid JSON",
        "{\"a\":1,}                    | header is not valid JSON",
        "[]                            | header is not a JSON object",
        "'                            '| header is not a JSON object",
        "{\"a\":1,\"a\":2}             | header is not valid JSON: Duplicate field 'a'",
    })
    void headerThatIsNotAJsonObject(String json, String problem) throws IOException {
        assertFormatError(SAFETENSORS, file(json.strip().isEmpty() ? "" : json.strip(), 0), null, problem);
    }

    @Test
    void duplicateTensorNames() throws IOException {
        String json = "{" + entry("w", "U8", "[1]", 0, 1) + "," + entry("w", "U8", "[1]", 1, 2) + "}";
        assertFormatError(SAFETENSORS, file(json, 2), null, "Duplicate field 'w'");
    }

    @Test
    void duplicateKeysInsideAnEntryOrTheMetadata() throws IOException {
        assertFormatError(SAFETENSORS, file("{\"w\":{\"dtype\":\"U8\",\"dtype\":\"I8\",\"shape\":[1],"
                + "\"data_offsets\":[0,1]}}", 1), null, "Duplicate field 'dtype'");
        assertFormatError(SAFETENSORS, file("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0), null,
                "Duplicate field 'k'");
    }

    @Test
    void badMetadata() throws IOException {
        assertFormatError(SAFETENSORS, file("{\"__metadata__\":[]}", 0), null, "__metadata__ is not a JSON object");
        assertFormatError(SAFETENSORS, file("{\"__metadata__\":{\"n\":1}}", 0), null,
                "__metadata__ value of 'n' is not a string");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"w\":[]                                                        | header entry is not a JSON object",
        "\"w\":{\"shape\":[1],\"data_offsets\":[0,1]}                    | missing required field 'dtype'",
        "\"w\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}                 | missing required field 'shape'",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[1]}                          | missing required field 'data_offsets'",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":0} | unexpected field 'x'",
        "\"w\":{\"dtype\":8,\"shape\":[1],\"data_offsets\":[0,1]}        | dtype is not a string",
        "\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}   | unknown dtype 'Q4'",
        "\"w\":{\"dtype\":\"u8\",\"shape\":[1],\"data_offsets\":[0,1]}   | unknown dtype 'u8'",
        "\"w\":{\"dtype\":\"U8\",\"shape\":1,\"data_offsets\":[0,1]}     | shape is not an array",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,1]}  | shape[0] is not a non-negative 64-bit integer",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[1.0],\"data_offsets\":[0,1]} | shape[0] is not a non-negative 64-bit integer",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[\"1\"],\"data_offsets\":[0,1]} | shape[0] is not a non-negative 64-bit integer",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[99999999999999999999],\"data_offsets\":[0,1]} | shape[0] is not a non-negative",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]} | data_offsets is not an array of 2 integers",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,0]}   | begin is after end",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,9]}   | run past the end of the 4-byte data area",
        "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[9223372036854775807,9223372036854775807]} | run past the end",
        "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}  | hold 4 bytes but shape [2] of F32 needs 8",
        "\"w\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}   | take 12 bits, not a whole number of bytes",
        "\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,4]} | overflows a 64-bit byte size",
    })
    void badTensorEntry(String entry, String problem) throws IOException {
        assertFormatError(SAFETENSORS, file("{" + entry.strip() + "}", 4), "w", problem);
    }

    @Test
    void overlappingTensors() throws IOException {
        String json = "{" + entry("a", "U8", "[4]", 0, 4) + "," + entry("b", "U8", "[4]", 2, 6) + "}";
        ModelFormatException e = assertFormatError(SAFETENSORS, file(json, 6), "b", "overlaps tensor 'a'");
        assertEquals(8 + json.length() + 2, e.byteOffset().orElseThrow());
    }

    @Test
    void gapsAndTrailingBytes() throws IOException {
        String gap = "{" + entry("a", "U8", "[2]", 0, 2) + "," + entry("b", "U8", "[2]", 3, 5) + "}";
        assertFormatError(SAFETENSORS, file(gap, 5), "b", "gap of 1 unused bytes after tensor 'a'");
        String trailing = "{" + entry("a", "U8", "[2]", 0, 2) + "}";
        assertFormatError(SAFETENSORS, file(trailing, 5), null, "3 trailing bytes after the last tensor's data");
    }

    @Test
    void aMissingFileOrADirectoryIsAnIoErrorNotAFormatError() {
        org.junit.jupiter.api.Assertions.assertThrows(java.nio.file.NoSuchFileException.class,
                () -> SafetensorsReader.open(dir.resolve("absent.safetensors")));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> SafetensorsReader.open(dir));
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> GgufReader.open(dir));
    }
}
