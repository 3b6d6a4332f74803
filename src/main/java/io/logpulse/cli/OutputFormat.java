package io.logpulse.cli;

import io.logpulse.query.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** How a report is printed: an aligned table for people, CSV or JSON for other programs. */
public enum OutputFormat {
    table, csv, json;

    /** Prints the report; notes go to {@code err} where stdout must stay machine-readable (CSV). */
    public void print(Report report, PrintWriter out, PrintWriter err) {
        switch (this) {
            case table -> printTable(report, out);
            case csv -> printCsv(report, out, err);
            case json -> printJson(report, out);
        }
        out.flush();
        err.flush();
    }

    private static void printTable(Report report, PrintWriter out) {
        out.println(report.title());
        report.meta().forEach((key, value) -> out.println("  " + key + ": " + value));
        report.notes().forEach(note -> out.println("  note: " + note));
        out.println();
        List<String> columns = report.columns();
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = columns.get(c).length();
            for (List<Object> row : report.rows()) {
                widths[c] = Math.max(widths[c], TerminalText.safe(row.get(c)).length());
            }
        }
        printRow(out, columns.stream().map(c -> (Object) c).toList(), widths, report.rows().isEmpty() ? null : report.rows().get(0));
        for (List<Object> row : report.rows()) {
            printRow(out, row, widths, row);
        }
        if (report.rows().isEmpty()) {
            out.println("(no requests in this range)");
        }
    }

    /** Numbers are right-aligned, text left-aligned, as in every ops table. */
    private static void printRow(PrintWriter out, List<Object> cells, int[] widths, List<Object> kinds) {
        var line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String text = TerminalText.safe(cells.get(c));
            boolean numeric = kinds != null && kinds.get(c) instanceof Number;
            String padded = numeric ? " ".repeat(widths[c] - text.length()) + text
                    : text + " ".repeat(widths[c] - text.length());
            line.append(c == 0 ? "" : "  ").append(padded);
        }
        out.println(line.toString().stripTrailing());
    }

    private static void printCsv(Report report, PrintWriter out, PrintWriter err) {
        report.notes().forEach(note -> err.println("note: " + note));
        try {
            var printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                    .setHeader(report.columns().toArray(String[]::new)).setRecordSeparator('\n').get());
            // CSV is for files and pipes; printed straight to a terminal, log text must not drive it.
            boolean terminal = System.console() != null;
            for (List<Object> row : report.rows()) {
                printer.printRecord(terminal ? row.stream().map(v -> v instanceof String ? TerminalText.safe(v) : v).toList() : row);
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void printJson(Report report, PrintWriter out) {
        Map<String, Object> document = new LinkedHashMap<>(report.meta());
        document.put("notes", report.notes());
        document.put("rows", report.rows().stream().map(row -> {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int c = 0; c < report.columns().size(); c++) {
                object.put(report.columns().get(c), row.get(c));
            }
            return object;
        }).toList());
        try {
            Json.MAPPER.writeValue(out, document);
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
