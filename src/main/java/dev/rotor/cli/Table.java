package dev.rotor.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with aligned columns: text columns left-aligned, numeric columns (declared with
 * {@link #right}) right-aligned. Every table and key/value listing the CLI prints goes through here.
 */
final class Table {
    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    private Table(String... headers) {
        this.headers = headers.clone();
        this.rightAligned = new boolean[headers.length];
    }

    /** A table with these column headers (an empty header row is not printed when all are empty). */
    static Table of(String... headers) {
        return new Table(headers);
    }

    /** A two-column key/value listing without headers. */
    static Table keyValue() {
        return new Table("", "");
    }

    /** Right-aligns the given columns (for numbers). */
    Table right(int... columns) {
        for (int column : columns) {
            rightAligned[column] = true;
        }
        return this;
    }

    /** Adds a row; it must have one cell per column. */
    Table row(Object... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.length);
        }
        rows.add(Arrays.stream(cells).map(String::valueOf).toArray(String[]::new));
        return this;
    }

    /** The rendered table, one line per row, each ending in a newline; no trailing spaces. */
    String render() {
        int[] widths = widths();
        StringBuilder text = new StringBuilder();
        if (Arrays.stream(headers).anyMatch(h -> !h.isEmpty())) {
            line(text, headers, widths);
        }
        rows.forEach(row -> line(text, row, widths));
        return text.toString();
    }

    private int[] widths() {
        int[] widths = Arrays.stream(headers).mapToInt(String::length).toArray();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        return widths;
    }

    private void line(StringBuilder text, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(widths[i] - cells[i].length());
            line.append(i == 0 ? "" : "  ").append(rightAligned[i] ? pad + cells[i] : cells[i] + pad);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
