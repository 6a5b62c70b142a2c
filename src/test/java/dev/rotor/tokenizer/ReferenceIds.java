package dev.rotor.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Checks a tokenizer against reference.json written by scripts/fixtures (HF tokenizers' ids and decodes). */
final class ReferenceIds {
    private ReferenceIds() { }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** Every mismatch, described; empty if all agree. */
    static List<String> mismatches(Llama3Tokenizer tok, Path reference) throws IOException {
        JsonNode root = new ObjectMapper().readTree(reference.toFile());
        List<String> bad = new ArrayList<>();
        for (JsonNode e : root.get("encode")) {
            String text = e.get("text").asText();
            check(bad, "encode " + quoted(text), ints(e.get("ids")), tok.encode(text));
            check(bad, "encode+bos " + quoted(text), ints(e.get("bos")), tok.encode(text, true));
        }
        for (JsonNode d : root.get("decode")) {
            int[] ids = ints(d.get("ids"));
            String want = d.get("text").asText();
            String got = tok.decode(ids);
            if (!want.equals(got)) {
                bad.add("decode " + Arrays.toString(ids) + ": want " + quoted(want) + " got " + quoted(got));
            }
        }
        return bad;
    }

    private static void check(List<String> bad, String what, int[] want, int[] got) {
        if (!Arrays.equals(want, got)) {
            bad.add(what + ": want " + Arrays.toString(want) + " got " + Arrays.toString(got));
        }
    }

    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7F ? Character.toString(c)
                : String.format("\\u{%x}", c)));
        return b.append('"').toString();
    }

    static void assertNone(List<String> bad, int total) {
        assertEquals(List.of(), bad.subList(0, Math.min(20, bad.size())), bad.size() + " of " + total + " differ");
    }
}
