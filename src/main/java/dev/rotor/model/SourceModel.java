package dev.rotor.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;


import dev.rotor.container.ModelFormatException;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * A model file opened for conversion to rotor: its tensors, in file order, each either ternary (with layout,
 * shape and where its scale is) or copied as it is, and the metadata to carry into the rotor file. Tensor data are
 * slices of the memory-mapped input, valid until {@link #close()}.
 */
record SourceModel(Path path, List<Path> files, long fileSize, List<Tensor> tensors, Map<String, String> metadata,
                   AutoCloseable reader) implements AutoCloseable {

    /** A tensor of the source model. */
    sealed interface Tensor permits Ternary, Copied {
        /** The file the tensor is in (one of a sharded checkpoint's shards). */
        Path file();

        String name();

        /** The tensor's bytes in the file. */
        MemorySegment data();

        /** Where {@link #data()} starts in the file, for error messages. */
        long fileOffset();
    }

    /**
     * A ternary tensor.
     *
     * @param info  its {@code rotor.NAME} record (shape, layout, scale convention and origin)
     * @param scale the separate scale tensor when {@code info.scaleSource()} is TENSOR, else null
     */
    record Ternary(Path file, String name, MemorySegment data, long fileOffset, RotorFormat.TensorInfo info,
                   Scale scale)
            implements Tensor {
        SourceLayout layout() {
            return info.layout();
        }
    }

    /** A separate scale tensor: its name, dtype, shape and bytes. */
    record Scale(Path file, String name, SafetensorsDType dtype, long[] shape, MemorySegment data, long fileOffset) {
        int count() {
            return Math.toIntExact(data.byteSize() * 8 / dtype.bits());
        }
    }

    /**
     * A tensor copied bit for bit.
     *
     * @param dtype    its safetensors dtype ({@code U8} for a GGUF type safetensors has no dtype for)
     * @param shape    row-major dimensions
     * @param ggufInfo for such raw GGUF tensors, the {@code gguf_tensor.NAME} record restoring them; else null
     */
    record Copied(Path file, String name, SafetensorsDType dtype, long[] shape, MemorySegment data, long fileOffset,
                  String ggufInfo) implements Tensor {
    }

    /**
     * Opens the model at {@code path} (see {@link ModelFiles}): a GGUF file, or safetensors weights, one file or the
     * shards of a Hugging Face directory.
     *
     * @param layout the ternary layout to assume, or null to detect it
     * @throws ModelFormatException if it is not a model, is malformed, is a rotor file, or holds no ternary tensor
     */
    static SourceModel open(Path path, SourceLayout layout) throws IOException {
        ModelFiles files = ModelFiles.of(path);
        return files.gguf() ? GgufSource.open(files.weights().getFirst(), layout)
                : SafetensorsSource.open(path, files, layout);
    }

    /** Sum of the tensors' data sizes (scale tensors included). */
    long tensorBytes() {
        long total = 0;
        for (Tensor t : tensors) {
            total += t.data().byteSize();
            if (t instanceof Ternary tern && tern.scale() != null) {
                total += tern.scale().data().byteSize();
            }
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
