package dev.rotor.model;

/**
 * Receives a conversion's progress, for example to draw a progress bar. Called after every finished unit of work
 * (a tensor, or a chunk of a large one), from the conversion's worker threads but never concurrently, with values
 * that never decrease; the last call has {@code bytesDone == bytesTotal} and {@code tensorsDone == tensorsTotal}.
 * Keep it quick: the workers wait while it runs. An exception it throws fails the conversion.
 */
@FunctionalInterface
public interface ConversionProgress {
    /** Ignores progress. */
    ConversionProgress NONE = (bytesDone, bytesTotal, tensorsDone, tensorsTotal) -> { };

    /**
     * @param bytesDone    source tensor bytes converted or copied so far
     * @param bytesTotal   source tensor bytes to convert or copy in all
     * @param tensorsDone  source tensors finished so far
     * @param tensorsTotal source tensors in all
     */
    void update(long bytesDone, long bytesTotal, int tensorsDone, int tensorsTotal);
}
