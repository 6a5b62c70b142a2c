package dev.rotor.container;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A model file (safetensors or GGUF) is malformed: truncated, inconsistent, hostile or of an unsupported kind.
 *
 * <p>Unchecked, like {@link IllegalArgumentException}: the caller can do nothing about a bad file except report
 * it, so the readers' signatures only declare {@link java.io.IOException} for real I/O failures. The message
 * always names the file, the tensor when the problem belongs to one, the problem itself and, when known, the
 * byte offset in the file, e.g.
 * {@code model.gguf: tensor 'blk.0.attn_q.weight': offset 100 is not a multiple of the alignment 32 (byte offset 1234)}.
 */
public final class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String tensorName;
    private final long byteOffset;
    private final String problem;

    /**
     * @param path       the file being read
     * @param tensorName the tensor the problem belongs to, or {@code null}
     * @param byteOffset where in the file the problem was found, or a negative number if unknown
     * @param problem    what is wrong, and what was expected
     * @param cause      the underlying exception (e.g. a JSON parse error), or {@code null}
     */
    public ModelFormatException(Path path, String tensorName, long byteOffset, String problem, Throwable cause) {
        super(format(path, tensorName, byteOffset, problem), cause);
        this.path = Objects.requireNonNull(path, "path");
        this.tensorName = tensorName;
        this.byteOffset = byteOffset < 0 ? -1 : byteOffset;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    /** Same as the five-argument constructor, without a cause. */
    public ModelFormatException(Path path, String tensorName, long byteOffset, String problem) {
        this(path, tensorName, byteOffset, problem, null);
    }

    private static String format(Path path, String tensorName, long byteOffset, String problem) {
        StringBuilder sb = new StringBuilder().append(path).append(": ");
        if (tensorName != null) {
            sb.append("tensor '").append(tensorName).append("': ");
        }
        sb.append(problem);
        if (byteOffset >= 0) {
            sb.append(" (byte offset ").append(byteOffset).append(')');
        }
        return sb.toString();
    }

    /** The malformed file. */
    public Path path() {
        return path;
    }

    /** The tensor the problem belongs to, if it belongs to one. */
    public Optional<String> tensorName() {
        return Optional.ofNullable(tensorName);
    }

    /** Offset in the file where the problem was found, if known. */
    public OptionalLong byteOffset() {
        return byteOffset < 0 ? OptionalLong.empty() : OptionalLong.of(byteOffset);
    }

    /** The problem alone, without file, tensor and offset. */
    public String problem() {
        return problem;
    }
}
