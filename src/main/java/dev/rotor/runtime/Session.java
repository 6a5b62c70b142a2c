package dev.rotor.runtime;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

import dev.rotor.compute.Workspace;
import dev.rotor.kernel.FloatKernel;
import dev.rotor.kernel.KernelProvider;

/**
 * One conversation with a {@link BitNetModel}: its key/value cache and position, and the forward pass of
 * transformers' {@code BitNetForCausalLM} in float32 (each step's comment gives the transformers expression it
 * computes). Tokens given together are processed as a batch (prompt processing: every weight read once per block of
 * tokens), one at a time while decoding. Not thread-safe: one thread drives a session; its {@code Executor} splits
 * each product's rows.
 *
 * <p>The cache grows with the tokens fed, up to the context size; the weights stay memory-mapped, so the heap a
 * session needs is its cache plus a few activation buffers.
 */
public final class Session {
    /** Tokens per forward batch while processing a prompt (longer prompts run in several batches). */
    static final int MAX_BATCH = 64;
    /** The largest Java array. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Positions the cache grows by at least. */
    private static final int CACHE_STEP = 256;

    private final BitNetModel model;
    private final BitNetConfig config;
    private final int contextSize;
    private final Executor executor;
    private final FloatKernel floats = KernelProvider.choice().floats();
    private final Workspace workspace = new Workspace();
    private final float[] inverseFrequencies;
    private final float attentionScale;

    private float[][] keys;
    private float[][] values;
    private int capacity;
    private int[] history = new int[0];
    private int position;

    private final float[] x;
    private final float[] normed;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] attention;
    private final float[] projected;
    private final float[] gate;
    private final float[] up;
    private final float[] cos;
    private final float[] sin;
    private float[] scores = new float[0];
    private final float[] lastHidden;
    private final float[] logits;

    Session(BitNetModel model, int contextSize, Executor executor) {
        if (contextSize <= 0) {
            throw new IllegalArgumentException("context size is " + contextSize + ", must be positive");
        }
        this.model = model;
        this.config = model.config();
        if ((long) contextSize * config.kvDim() > MAX_ARRAY) {
            throw new IllegalArgumentException("context size " + contextSize + " needs " + (long) contextSize
                    * config.kvDim() + " cached floats per layer, more than a Java array holds (" + MAX_ARRAY + ")");
        }
        this.contextSize = contextSize;
        this.executor = executor;
        int half = config.headDim() / 2;
        this.inverseFrequencies = new float[half];
        for (int i = 0; i < half; i++) {
            // transformers: 1.0 / (base ** (arange(0, dim, 2).float() / dim)), in float32
            float exponent = (float) (2 * i) / config.headDim();
            inverseFrequencies[i] = 1f / (float) Math.pow(config.ropeTheta(), exponent);
        }
        this.attentionScale = (float) Math.pow(config.headDim(), -0.5);
        this.keys = new float[config.layers()][0];
        this.values = new float[config.layers()][0];
        int hidden = config.hiddenSize();
        this.x = new float[MAX_BATCH * hidden];
        this.normed = new float[MAX_BATCH * hidden];
        this.q = new float[MAX_BATCH * config.queryDim()];
        this.k = new float[MAX_BATCH * config.kvDim()];
        this.v = new float[MAX_BATCH * config.kvDim()];
        this.attention = new float[MAX_BATCH * config.queryDim()];
        this.projected = new float[MAX_BATCH * hidden];
        this.gate = new float[MAX_BATCH * config.intermediateSize()];
        this.up = new float[MAX_BATCH * config.intermediateSize()];
        this.cos = new float[MAX_BATCH * half];
        this.sin = new float[MAX_BATCH * half];
        this.lastHidden = new float[hidden];
        this.logits = new float[config.vocabSize()];
    }

    /** The model. */
    public BitNetModel model() {
        return model;
    }

    /** How many tokens the cache holds: the position of the next token. */
    public int position() {
        return position;
    }

    /** The most tokens the cache holds. */
    public int contextSize() {
        return contextSize;
    }

    /** The ids in the cache, in order. */
    public int[] history() {
        return Arrays.copyOf(history, position);
    }

    /**
     * Forgets the tokens from {@code newPosition} on (0: all), so that others can follow the ones kept.
     *
     * @throws IllegalArgumentException if {@code newPosition} is negative or past {@link #position()}
     */
    public void rewind(int newPosition) {
        if (newPosition < 0 || newPosition > position) {
            throw new IllegalArgumentException("cannot rewind to " + newPosition + ": the cache holds " + position
                    + " tokens");
        }
        position = newPosition;
    }

    /**
     * Feeds {@code tokens} after the cached ones (as one batch) and returns the logits that follow the last: a
     * new array of {@link BitNetConfig#vocabSize()} floats.
     *
     * @throws IllegalArgumentException if {@code tokens} is empty, holds an id outside the vocabulary, or does not
     *                                  fit the context
     */
    public float[] logits(int... tokens) {
        feed(tokens, false, Trace.NONE);
        return logits.clone();
    }

    /**
     * Feeds {@code prompt} after the cached tokens, then generates up to {@code maxTokens} tokens with
     * {@code sampler}, each fed back in turn, stopping after a token of {@code stopTokens}. {@code onToken} sees
     * each generated id as soon as it is picked (streaming). The last generated token is not fed (nothing follows
     * it yet): give it with the next prompt to continue.
     *
     * @throws IllegalArgumentException if the prompt is empty, holds an id outside the vocabulary, or does not fit
     *                                  the context, or {@code maxTokens} is negative
     */
    public Generation generate(int[] prompt, int maxTokens, Sampler sampler, Set<Integer> stopTokens,
                               IntConsumer onToken) {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("max tokens is " + maxTokens + ", must be >= 0");
        }
        if (sampler == null || stopTokens == null) {
            throw new IllegalArgumentException("sampler and stop tokens must not be null");
        }
        long start = System.nanoTime();
        feed(prompt, false, Trace.NONE);
        long promptNanos = System.nanoTime() - start;
        // Every generated token but the last is fed back, so the context bounds how many there can be.
        int[] out = new int[Math.min(maxTokens, contextSize - position + 1)];
        int count = 0;
        long firstToken = 0;
        long decodeStart = 0;
        int steps = 0;
        Generation.StopReason stop = Generation.StopReason.MAX_TOKENS;
        while (count < maxTokens) {
            if (count == out.length) {
                stop = Generation.StopReason.CONTEXT_FULL;
                break;
            }
            if (count > 0) {
                feed(new int[] {out[count - 1]}, false, Trace.NONE);
                steps++;
            }
            int token = sampler.sample(logits);
            out[count++] = token;
            if (count == 1) {
                firstToken = System.nanoTime() - start;
                decodeStart = System.nanoTime();
            }
            if (onToken != null) {
                onToken.accept(token);
            }
            if (stopTokens.contains(token)) {
                stop = Generation.StopReason.STOP_TOKEN;
                break;
            }
        }
        long decodeNanos = count > 0 ? System.nanoTime() - decodeStart : 0;
        return new Generation(prompt.clone(), Arrays.copyOf(out, count), stop, promptNanos, firstToken, decodeNanos,
                steps);
    }

    // ---- the forward pass ----

    /** What a forward pass shows tests: hidden states by name ("embed", "layer.K", "norm"), token after token. */
    interface Trace {
        Trace NONE = (name, values, tokens, width) -> { };

        void hidden(String name, float[] values, int tokens, int width);
    }

    /**
     * Feeds tokens in batches of up to {@link #MAX_BATCH}; leaves the last token's logits in {@link #logits}, and
     * with {@code everyPosition} returns every token's logits (token after token), else null.
     */
    float[] feed(int[] tokens, boolean everyPosition, Trace trace) {
        requireTokens(tokens);
        int vocab = config.vocabSize();
        float[] all = everyPosition ? new float[tokens.length * vocab] : null;
        for (int from = 0; from < tokens.length; from += MAX_BATCH) {
            int count = Math.min(MAX_BATCH, tokens.length - from);
            boolean last = from + count == tokens.length;
            batch(tokens, from, count, trace);
            if (everyPosition) {
                outputs(count, all, from * vocab, trace);
            } else if (last) {
                outputs(count, null, 0, trace);
            }
        }
        return all;
    }

    private void requireTokens(int[] tokens) {
        if (tokens == null || tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to feed (a prompt needs at least one token, e.g. BOS)");
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("token " + i + " is id " + tokens[i] + ", outside the vocabulary"
                        + " of " + config.vocabSize());
            }
        }
        if (tokens.length > contextSize - position) {
            throw new IllegalArgumentException(tokens.length + " tokens do not fit the context: " + position + " of "
                    + contextSize + " positions are used");
        }
    }

    /** One batch of {@code count} tokens through every layer; the residual stream ends in {@link #x}. */
    private void batch(int[] tokens, int from, int count, Trace trace) {
        int hidden = config.hiddenSize();
        for (int t = 0; t < count; t++) {
            model.embedding().row(tokens[from + t], x, t * hidden);
        }
        trace.hidden("embed", x, count, hidden);
        growCache(position + count);
        System.arraycopy(tokens, from, history, position, count);
        rotations(count);
        for (int l = 0; l < config.layers(); l++) {
            Layer layer = model.layers().get(l);
            attentionBlock(l, layer, count);
            feedForwardBlock(layer, count);
            trace.hidden("layer." + l, x, count, hidden);
        }
        position += count;
    }

    /**
     * {@code x += o_proj(attn_sub_norm(attention(rope(q_proj(n)), rope(k_proj(n)), v_proj(n))))} with
     * {@code n = input_layernorm(x)}; the new keys and values go to the cache first.
     */
    private void attentionBlock(int l, Layer layer, int count) {
        int hidden = config.hiddenSize();
        int kvDim = config.kvDim();
        rmsNorm(x, normed, count, hidden, layer.inputNorm());
        project(layer.q(), normed, q, count);
        project(layer.k(), normed, k, count);
        project(layer.v(), normed, v, count);
        rotate(q, count, config.heads());
        rotate(k, count, config.kvHeads());
        System.arraycopy(k, 0, keys[l], position * kvDim, count * kvDim);
        System.arraycopy(v, 0, values[l], position * kvDim, count * kvDim);
        for (int t = 0; t < count; t++) {
            attend(l, t);
        }
        rmsNorm(attention, attention, count, config.queryDim(), layer.attnSubNorm());
        project(layer.o(), attention, projected, count);
        floats.addScaled(1f, projected, 0, x, 0, count * hidden);  // x += projected, the same bits
    }

    /**
     * {@code x += down_proj(ffn_sub_norm(relu(gate_proj(n))^2 * up_proj(n)))} with
     * {@code n = post_attention_layernorm(x)}.
     */
    private void feedForwardBlock(Layer layer, int count) {
        int hidden = config.hiddenSize();
        int ff = config.intermediateSize();
        rmsNorm(x, normed, count, hidden, layer.postAttnNorm());
        project(layer.gate(), normed, gate, count);
        project(layer.up(), normed, up, count);
        for (int i = 0; i < count * ff; i++) {
            float g = Math.max(gate[i], 0f);
            gate[i] = g * g * up[i];
        }
        rmsNorm(gate, gate, count, ff, layer.ffnSubNorm());
        project(layer.down(), gate, projected, count);
        floats.addScaled(1f, projected, 0, x, 0, count * hidden);  // x += projected, the same bits
    }

    /**
     * Causal grouped-query attention of token {@code t} of the batch (position {@code position + t}) over the cache:
     * per head, {@code softmax(q k_j * headDim^-0.5)} over positions {@code j <= position + t}, then the weighted
     * sum of the values, into {@link #attention}.
     */
    private void attend(int l, int t) {
        int headDim = config.headDim();
        int kvDim = config.kvDim();
        int group = config.heads() / config.kvHeads();
        int positions = position + t + 1;
        float[] layerKeys = keys[l];
        float[] layerValues = values[l];
        for (int h = 0; h < config.heads(); h++) {
            int qAt = t * config.queryDim() + h * headDim;
            int kvAt = (h / group) * headDim;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < positions; j++) {
                scores[j] = floats.dot(q, qAt, layerKeys, j * kvDim + kvAt, headDim) * attentionScale;
                max = Math.max(max, scores[j]);
            }
            float sum = 0;
            for (int j = 0; j < positions; j++) {
                scores[j] = (float) Math.exp(scores[j] - max);
                sum += scores[j];
            }
            Arrays.fill(attention, qAt, qAt + headDim, 0f);
            for (int j = 0; j < positions; j++) {
                floats.addScaled(scores[j] / sum, layerValues, j * kvDim + kvAt, attention, qAt, headDim);
            }
        }
    }

    /**
     * The final norm and the output head after a batch of {@code count} tokens: for every token into
     * {@code all[offset ..]} if {@code all} is given, else for the last token only; the last token's logits stay in
     * {@link #logits}.
     */
    private void outputs(int count, float[] all, int offset, Trace trace) {
        int hidden = config.hiddenSize();
        int vocab = config.vocabSize();
        int first = all == null ? count - 1 : 0;
        for (int t = first; t < count; t++) {
            rmsNormRow(x, t * hidden, normed, (t - first) * hidden, hidden, model.finalNorm());
        }
        trace.hidden("norm", normed, count - first, hidden);
        for (int t = first; t < count; t++) {
            System.arraycopy(normed, (t - first) * hidden, lastHidden, 0, hidden);
            model.head().gemv(lastHidden, logits, executor);
            if (all != null) {
                System.arraycopy(logits, 0, all, offset + t * vocab, vocab);
            }
        }
    }

    // ---- the steps ----

    /**
     * transformers' {@code BitNetRMSNorm} in float32, token by token: {@code out = w * (in * rsqrt(mean(in^2) + eps))}.
     * {@code in} and {@code out} may be the same array.
     */
    private void rmsNorm(float[] in, float[] out, int count, int width, float[] weights) {
        for (int t = 0; t < count; t++) {
            rmsNormRow(in, t * width, out, t * width, width, weights);
        }
    }

    private void rmsNormRow(float[] in, int inAt, float[] out, int outAt, int width, float[] weights) {
        float variance = floats.dot(in, inAt, in, inAt, width) / width;
        float inverse = (float) (1 / Math.sqrt(variance + (float) config.rmsNormEps()));
        for (int i = 0; i < width; i++) {
            out[outAt + i] = weights[i] * (in[inAt + i] * inverse);
        }
    }

    /** {@code out = projection(in)} for {@code count} tokens, rows split across the executor. */
    private void project(Projection p, float[] in, float[] out, int count) {
        p.linear().forward(in, out, count, workspace, executor);
        if (p.outputScale() != 1f) {
            for (int i = 0; i < count * p.out(); i++) {
                out[i] *= p.outputScale();
            }
        }
    }

    /** cos and sin of every frequency at the positions of the next {@code count} tokens, as transformers has them. */
    private void rotations(int count) {
        int half = inverseFrequencies.length;
        for (int t = 0; t < count; t++) {
            float p = position + t;
            for (int i = 0; i < half; i++) {
                float angle = inverseFrequencies[i] * p;
                cos[t * half + i] = (float) Math.cos(angle);
                sin[t * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /**
     * RoPE on every head of {@code count} tokens, as transformers' {@code rotate_half}: dimension i and i + d/2 of a
     * head turn together by the angle of frequency i.
     */
    private void rotate(float[] vectors, int count, int heads) {
        int headDim = config.headDim();
        int half = headDim / 2;
        for (int t = 0; t < count; t++) {
            for (int h = 0; h < heads; h++) {
                int at = (t * heads + h) * headDim;
                for (int i = 0; i < half; i++) {
                    float c = cos[t * half + i];
                    float s = sin[t * half + i];
                    float a = vectors[at + i];
                    float b = vectors[at + half + i];
                    vectors[at + i] = a * c - b * s;
                    vectors[at + half + i] = b * c + a * s;
                }
            }
        }
    }

    /**
     * Makes room in the cache (and the attention scores) for {@code positions} positions, grown in steps and never
     * past the context size: a session allocates for the tokens it holds, not for its whole context.
     */
    private void growCache(int positions) {
        if (positions <= capacity) {
            return;
        }
        int next = Math.min(contextSize, Math.max(positions, Math.max(capacity * 2, CACHE_STEP)));
        int kvDim = config.kvDim();
        for (int l = 0; l < config.layers(); l++) {
            keys[l] = Arrays.copyOf(keys[l], next * kvDim);
            values[l] = Arrays.copyOf(values[l], next * kvDim);
        }
        history = Arrays.copyOf(history, next);
        scores = new float[next];
        capacity = next;
    }
}
