package dev.rotor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.tokenizer.TokenizerBenchmark;

/**
 * The report's tokenizer section: {@link TokenizerBenchmark}'s load time and encode speed (MB/s of UTF-8 text, from
 * the corpus the run named), one line per vocabulary and corpus.
 */
final class TokenizerTable {
    private static final String CLASS = TokenizerBenchmark.class.getName() + ".";

    private TokenizerTable() { }

    static boolean isTokenizer(JsonNode run) {
        return run.path("benchmark").asText().startsWith(CLASS);
    }

    /** The section in Markdown, or "" if the run had no tokenizer benchmark. */
    static String render(JsonNode runs) {
        return ResultSection.render(runs, TokenizerTable::isTokenizer,
                "\n## Tokenizer (Llama 3 byte-level BPE, one thread)\n\n"
                + "`load`: read and build a tokenizer.json; `encode`: every string of the corpus, MB/s of UTF-8 text."
                + " Hugging Face's figures on the same files: scripts/bench/tokenizer-vs-hf.sh.\n\n"
                + "| benchmark | vocabulary | corpus | time | error | MB/s |\n|---|---|---|---|---|---|\n",
                TokenizerTable::line);
    }

    private static String line(JsonNode run) {
        String benchmark = run.path("benchmark").asText().substring(CLASS.length());
        JsonNode p = run.path("params");
        JsonNode metric = run.path("primaryMetric");
        double millis = ResultSection.millis(run);
        double error = millis / metric.path("score").asDouble() * metric.path("scoreError").asDouble();
        String errorText = Double.isNaN(error) ? "-" : String.format(Locale.ROOT, "%.2f ms", error);
        String corpus = p.path("corpus").asText();
        String rate = benchmark.equals("encode") ? String.format(Locale.ROOT, "%.2f", bytes(corpus) / millis / 1e3)
                : "-";
        return String.format(Locale.ROOT, "| %s | %s | %s | %.2f ms | %s | %s |", benchmark,
                p.path("vocabulary").asText(), corpus, millis, errorText, rate);
    }

    private static long bytes(String corpus) {
        try {
            return TokenizerBenchmark.utf8Bytes(corpus);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus " + corpus + " to compute MB/s", e);
        }
    }
}
