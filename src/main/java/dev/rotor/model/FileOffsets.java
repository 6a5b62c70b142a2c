package dev.rotor.model;

import java.util.HashMap;
import java.util.Map;

import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.safetensors.SafetensorsTensor;

/** Where each tensor of a safetensors file starts in the file, for error messages and in-place output. */
final class FileOffsets {
    private FileOffsets() {
    }

    /**
     * Tensor name to file offset. The reader's tensors are slices of one mapping and tile the data area (which
     * starts at {@link SafetensorsReader#dataStart()}), so the lowest slice address is the data area's start.
     */
    static Map<String, Long> of(SafetensorsReader reader) {
        long base = Long.MAX_VALUE;
        for (SafetensorsTensor t : reader.tensors()) {
            base = Math.min(base, t.data().address());
        }
        Map<String, Long> offsets = new HashMap<>();
        for (SafetensorsTensor t : reader.tensors()) {
            offsets.put(t.name(), reader.dataStart() + t.data().address() - base);
        }
        return offsets;
    }
}
