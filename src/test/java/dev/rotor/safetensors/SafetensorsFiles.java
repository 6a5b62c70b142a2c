package dev.rotor.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made safetensors files for tests. */
final class SafetensorsFiles {
    private SafetensorsFiles() {
    }

    /** An 8-byte length, the given header bytes and data. */
    static byte[] raw(long headerLength, byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(header).put(data).array();
    }

    /** A file with the given JSON header (its true length) followed by {@code dataBytes} bytes 0, 1, 2, ... */
    static Path write(Path dir, String name, String json, int dataBytes) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[dataBytes];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        return Files.write(dir.resolve(name), raw(header.length, header, data));
    }
}
