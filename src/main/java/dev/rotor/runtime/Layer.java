package dev.rotor.runtime;

/**
 * The weights of one decoder layer: RMSNorm weights as floats, projections over the mapped planes.
 *
 * @param inputNorm     before attention ({@code input_layernorm})
 * @param q             query projection
 * @param k             key projection
 * @param v             value projection
 * @param o             output projection
 * @param attnSubNorm   between attention and {@code o_proj}
 * @param postAttnNorm  before the feed-forward ({@code post_attention_layernorm})
 * @param gate          feed-forward gate
 * @param up            feed-forward up projection
 * @param down          feed-forward down projection
 * @param ffnSubNorm    between {@code relu(gate)^2 * up} and {@code down_proj}
 */
record Layer(float[] inputNorm, Projection q, Projection k, Projection v, Projection o, float[] attnSubNorm,
             float[] postAttnNorm, Projection gate, Projection up, Projection down, float[] ffnSubNorm) {
}
