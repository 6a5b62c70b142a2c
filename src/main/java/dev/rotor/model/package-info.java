/**
 * Rotor files and whole-model conversion.
 *
 * <p>{@link dev.rotor.model.RotorFile} reads a rotor file (a safetensors file holding each ternary tensor as two
 * bit planes and its scales), checked against the format. {@link dev.rotor.model.ModelConverter} converts
 * complete model files, Hugging Face BitNet safetensors, GGUF I2_S / TQ2_0 / TQ1_0 or bitnet2, to a rotor file
 * (planned by {@code PackedToRotorPlanner}) and back ({@code RotorToPackedPlanner}), with worker threads writing
 * straight into the output file, and atomically: a failed run leaves no output behind.
 */
package dev.rotor.model;
