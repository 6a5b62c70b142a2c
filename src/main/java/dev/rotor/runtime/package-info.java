/**
 * BitNet b1.58 text generation on rotor files, in pure Java: {@link dev.rotor.runtime.BitNetModel} (the model of
 * transformers' {@code BitNetForCausalLM} over a memory-mapped rotor file, with its configuration, tokenizer and
 * chat template from the file's metadata), {@link dev.rotor.runtime.Session} (a key/value cache, logits, generation
 * with a streaming callback), {@link dev.rotor.runtime.Sampler} (greedy, temperature, top-k, top-p, seeded),
 * {@link dev.rotor.runtime.TextStream} (ids to text as they come), {@link dev.rotor.runtime.ChatTemplate} (the
 * prompt of a conversation) and {@link dev.rotor.runtime.Chat} (a conversation over one session).
 */
package dev.rotor.runtime;
