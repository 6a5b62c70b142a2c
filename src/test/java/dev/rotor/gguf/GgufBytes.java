package dev.rotor.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.rotor.io.LeOutput;

/** Builds raw GGUF bytes field by field, so tests can write files no writer would produce. */
final class GgufBytes {
    final LeOutput out = new LeOutput();

    GgufBytes header(long version, long tensorCount, long metadataCount) {
        out.u32(Integer.toUnsignedLong(GgufHeader.MAGIC));
        out.u32(version);
        out.u64(tensorCount);
        out.u64(metadataCount);
        return this;
    }

    GgufBytes key(String key, GgufValueType type) {
        out.string(key);
        out.u32(type.id());
        return this;
    }

    GgufBytes u32Value(String key, long value) {
        key(key, GgufValueType.UINT32);
        out.u32(value);
        return this;
    }

    GgufBytes stringValue(String key, String value) {
        key(key, GgufValueType.STRING);
        out.string(value);
        return this;
    }

    GgufBytes tensorInfo(String name, long[] ne, long typeId, long offset) {
        out.string(name);
        out.u32(ne.length);
        for (long dim : ne) {
            out.u64(dim);
        }
        out.u32(typeId);
        out.u64(offset);
        return this;
    }

    GgufBytes padTo(long alignment) {
        while (out.size() % alignment != 0) {
            out.u8(0);
        }
        return this;
    }

    GgufBytes data(int n) {
        for (int i = 0; i < n; i++) {
            out.u8(i);
        }
        return this;
    }

    GgufBytes tap(java.util.function.Consumer<GgufBytes> action) {
        action.accept(this);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }
}
