package dev.rotor.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a {@link ModelConverter} conversion did.
 *
 * @param tensorsConverted ternary tensors converted (to planes, or from planes to a packed layout)
 * @param tensorsCopied    other tensors (embeddings, norms, ...) copied bit for bit
 * @param weights          ternary weights converted
 * @param bytesIn          size of the input file (for in-memory conversions: the packed bytes read)
 * @param bytesOut         size of the output file (for in-memory conversions: the plane bytes written)
 * @param invalidCodes     invalid codes decoded as 0 under {@link dev.rotor.InvalidCodePolicy#LENIENT}
 *                         (always 0 under STRICT, which fails instead)
 * @param wallTime         elapsed time, from opening the input to the output being in place
 * @param staleTemporaries temporary files of the same target left by conversions that were killed
 *                         ({@code kill -9}), deleted before this one started; unmodifiable
 */
public record ConversionResult(int tensorsConverted, int tensorsCopied, long weights, long bytesIn, long bytesOut,
                               long invalidCodes, Duration wallTime, List<Path> staleTemporaries) {
    /** Copies the list of stale temporaries. */
    public ConversionResult {
        staleTemporaries = List.copyOf(staleTemporaries);
    }
}
