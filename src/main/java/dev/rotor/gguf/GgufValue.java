package dev.rotor.gguf;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A typed GGUF metadata value. One record per {@link GgufValueType}; unsigned values are held in a wider Java type
 * (range-checked), except {@link UInt64}, which keeps the raw 64 bits. Use pattern matching to read them, e.g.
 * {@code if (value instanceof GgufValue.UInt32(long v)) ...}, or {@link #text()} for a flat string form.
 */
public sealed interface GgufValue {
    /** The value's type in the file. */
    GgufValueType type();

    /**
     * The value as text: integers in decimal (unsigned types as unsigned), floats as {@link Float#toString(float)}
     * / {@link Double#toString(double)}, booleans as {@code true}/{@code false}, strings as themselves, and arrays as
     * a JSON array (strings quoted and escaped; NaN and infinities as quoted strings).
     */
    String text();

    /** uint8, 0..255. */
    record UInt8(int value) implements GgufValue {
        /** @throws IllegalArgumentException if {@code value} is outside 0..255 */
        public UInt8 {
            checkRange(value, 0xFFL, "uint8");
        }

        @Override public GgufValueType type() { return GgufValueType.UINT8; }

        @Override public String text() { return Integer.toString(value); }
    }

    /** int8. */
    record Int8(byte value) implements GgufValue {
        @Override public GgufValueType type() { return GgufValueType.INT8; }

        @Override public String text() { return Byte.toString(value); }
    }

    /** uint16, 0..65535. */
    record UInt16(int value) implements GgufValue {
        /** @throws IllegalArgumentException if {@code value} is outside 0..65535 */
        public UInt16 {
            checkRange(value, 0xFFFFL, "uint16");
        }

        @Override public GgufValueType type() { return GgufValueType.UINT16; }

        @Override public String text() { return Integer.toString(value); }
    }

    /** int16. */
    record Int16(short value) implements GgufValue {
        @Override public GgufValueType type() { return GgufValueType.INT16; }

        @Override public String text() { return Short.toString(value); }
    }

    /** uint32, 0..2^32-1. */
    record UInt32(long value) implements GgufValue {
        /** @throws IllegalArgumentException if {@code value} is outside 0..2^32-1 */
        public UInt32 {
            checkRange(value, 0xFFFF_FFFFL, "uint32");
        }

        @Override public GgufValueType type() { return GgufValueType.UINT32; }

        @Override public String text() { return Long.toString(value); }
    }

    /** int32. */
    record Int32(int value) implements GgufValue {
        @Override public GgufValueType type() { return GgufValueType.INT32; }

        @Override public String text() { return Integer.toString(value); }
    }

    /** uint64 as raw bits: values of 2^63 and above are negative {@code long}s; {@link #text()} prints them unsigned. */
    record UInt64(long value) implements GgufValue {
        @Override public GgufValueType type() { return GgufValueType.UINT64; }

        @Override public String text() { return Long.toUnsignedString(value); }
    }

    /** int64. */
    record Int64(long value) implements GgufValue {
        @Override public GgufValueType type() { return GgufValueType.INT64; }

        @Override public String text() { return Long.toString(value); }
    }

    /** float32. */
    record Float32(float value) implements GgufValue {
        @Override public GgufValueType type() { return GgufValueType.FLOAT32; }

        @Override public String text() { return Float.toString(value); }
    }

    /** float64. */
    record Float64(double value) implements GgufValue {
        @Override public GgufValueType type() { return GgufValueType.FLOAT64; }

        @Override public String text() { return Double.toString(value); }
    }

    /** bool (one byte, 0 or 1, in the file). */
    record Bool(boolean value) implements GgufValue {
        @Override public GgufValueType type() { return GgufValueType.BOOL; }

        @Override public String text() { return Boolean.toString(value); }
    }

    /** UTF-8 string. */
    record Str(String value) implements GgufValue {
        /** @throws NullPointerException if {@code value} is null */
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override public GgufValueType type() { return GgufValueType.STRING; }

        @Override public String text() { return value; }
    }

    /**
     * Array of values that all have type {@code elementType} (arrays may nest).
     *
     * @param elementType the type of every element
     * @param elements    the elements (copied into an unmodifiable list)
     */
    record Array(GgufValueType elementType, List<GgufValue> elements) implements GgufValue {
        /** @throws IllegalArgumentException if an element's type is not {@code elementType} */
        public Array {
            Objects.requireNonNull(elementType, "elementType");
            elements = List.copyOf(elements);
            for (GgufValue element : elements) {
                if (element.type() != elementType) {
                    throw new IllegalArgumentException("array of " + elementType + " holds a " + element.type());
                }
            }
        }

        @Override public GgufValueType type() { return GgufValueType.ARRAY; }

        @Override public String text() { return json(this); }
    }

    private static void checkRange(long value, long max, String type) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(value + " is out of range for " + type);
        }
    }

    private static String json(GgufValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            writeJson(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeJson(JsonGenerator generator, GgufValue value) throws IOException {
        switch (value) {
            case Array array -> {
                generator.writeStartArray();
                for (GgufValue element : array.elements()) {
                    writeJson(generator, element);
                }
                generator.writeEndArray();
            }
            case Str s -> generator.writeString(s.value());
            case Bool b -> generator.writeBoolean(b.value());
            case Float32 f -> generator.writeNumber(f.value());
            case Float64 d -> generator.writeNumber(d.value());
            default -> generator.writeNumber(value.text());
        }
    }
}
