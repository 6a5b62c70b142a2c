package dev.rotor.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The added tokens, found in text leftmost-longest first (as HF's added vocabulary does) before pre-tokenizing. */
final class SpecialTokens {
    interface Segments {
        void segment(String text, int from, int to);
    }

    interface Ids {
        void add(int id);
    }

    private final Map<String, Integer> ids = new HashMap<>();
    /** Tokens by their first char, longest first. */
    private final Map<Character, List<String>> byFirst = new HashMap<>();

    SpecialTokens(Map<String, Integer> added) {
        ids.putAll(added);
        for (String t : added.keySet()) {
            byFirst.computeIfAbsent(t.charAt(0), k -> new ArrayList<>()).add(t);
        }
        byFirst.values().forEach(l -> l.sort(Comparator.comparingInt(String::length).reversed()));
    }

    Integer id(String token) {
        return ids.get(token);
    }

    /** Hands the text between added tokens to {@code segments} and the added tokens' ids to {@code out}. */
    void split(String text, Segments segments, Ids out) {
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            List<String> candidates = byFirst.get(text.charAt(i));
            if (candidates == null) {
                continue;
            }
            for (String t : candidates) {
                if (text.startsWith(t, i)) {
                    if (i > start) {
                        segments.segment(text, start, i);
                    }
                    out.add(ids.get(t));
                    start = i + t.length();
                    i = start - 1;
                    break;
                }
            }
        }
        if (start < text.length()) {
            segments.segment(text, start, text.length());
        }
    }
}
