package dev.rotor.model;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.InvalidTernaryCodeException;
import dev.rotor.container.ModelFormatException;
import dev.rotor.layout.ScaleConvention;
import dev.rotor.layout.TernaryCodec;

/**
 * The work on one ternary tensor, in either direction, with every failure turned into a
 * {@link ModelFormatException} naming the file, the tensor and (where known) the byte offset.
 */
final class TernaryJobs {
    private TernaryJobs() {
    }

    /** Where a tensor came from, for error messages. */
    record Origin(Path file, String tensor, long fileOffset) {
        ModelFormatException error(String problem, Throwable cause) {
            return new ModelFormatException(file, tensor, fileOffset, problem, cause);
        }

        ModelFormatException error(long byteInTensor, String problem, Throwable cause) {
            return new ModelFormatException(file, tensor, fileOffset < 0 ? -1 : fileOffset + byteInTensor, problem,
                    cause);
        }
    }

    /**
     * Decodes packed ternary data into planes.
     *
     * @return how many invalid codes were decoded as 0
     */
    static long decode(Origin origin, TernaryCodec codec, MemorySegment data, int rows, int cols, MemorySegment pos,
                       MemorySegment neg, InvalidCodePolicy policy) {
        try {
            return codec.decode(data, rows, cols, pos, neg, policy);
        } catch (InvalidTernaryCodeException e) {
            throw origin.error(e.byteOffset(), e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw origin.error(e.getMessage(), e);
        }
    }

    /** Encodes planes and the scales the layout stores in its data. */
    static void encode(Origin origin, TernaryCodec codec, MemorySegment pos, MemorySegment neg, float[] scales,
                       int rows, int cols, MemorySegment data) {
        try {
            codec.encode(pos, neg, scales, rows, cols, data);
        } catch (IllegalArgumentException e) {
            throw origin.error(e.getMessage(), e);
        }
    }

    /** Throws naming the tensor if a scale is not finite (or 0 when weights are divided by it). */
    static float[] checked(Origin origin, float[] scales, ScaleConvention convention) {
        String problem = Scales.problem(scales, convention);
        if (problem != null) {
            throw origin.error(problem, null);
        }
        return scales;
    }

    /** Adapts scales to a target layout, naming the tensor when that cannot be done exactly. */
    static float[] adapt(Origin origin, float[] scales, ScaleConvention from, long count, ScaleConvention to) {
        try {
            return Scales.adapt(scales, from, count, to);
        } catch (IllegalArgumentException e) {
            throw origin.error(e.getMessage(), e);
        }
    }
}
