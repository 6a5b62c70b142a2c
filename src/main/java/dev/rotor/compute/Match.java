package dev.rotor.compute;

import java.util.Comparator;

/**
 * A row of a {@link TernaryMatrix} and its ternary product with a query ({@link TernaryMatrix#topK}).
 *
 * @param row   the row
 * @param score {@code sum_c w[row][c] * query[c]}
 */
public record Match(int row, int score) {
    /** Highest score first, then lowest row. */
    public static final Comparator<Match> BEST_FIRST =
            Comparator.comparingInt(Match::score).reversed().thenComparingInt(Match::row);
}
