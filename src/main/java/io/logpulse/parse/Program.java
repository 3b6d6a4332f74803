package io.logpulse.parse;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A log format compiled to {@code head (variable literal)*}: every variable but the last is followed by
 * a non-empty literal, which is what tells where its value ends.
 */
final class Program implements Serializable {
    private static final long serialVersionUID = 1L;

    final byte[] head;
    final Piece.Variable[] vars;
    /** {@code after[i]} follows {@code vars[i]}; only the last one may be empty. */
    final byte[][] after;
    final Set<Field> fields;

    private Program(byte[] head, Piece.Variable[] vars, byte[][] after, Set<Field> fields) {
        this.head = head;
        this.vars = vars;
        this.after = after;
        this.fields = fields;
    }

    static Program compile(List<Piece> pieces, String spec) {
        List<byte[]> literals = new ArrayList<>();
        List<Piece.Variable> vars = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Piece piece : pieces) {
            if (piece instanceof Piece.Text t) {
                text.append(t.text());
                continue;
            }
            Piece.Variable v = (Piece.Variable) piece;
            if (!vars.isEmpty() && text.length() == 0) {
                vars.set(vars.size() - 1, mergeAdjacent(vars.get(vars.size() - 1), v, spec));
                continue;
            }
            literals.add(utf8(text));
            text.setLength(0);
            vars.add(v);
        }
        // Trailing spaces of a line are ignored, so the format's own must be too.
        int tail = text.length();
        while (tail > 0 && text.charAt(tail - 1) == ' ') {
            tail--;
        }
        text.setLength(tail);
        literals.add(utf8(text));

        EnumSet<Field> fields = EnumSet.noneOf(Field.class);
        Piece.Variable[] compiled = new Piece.Variable[vars.size()];
        for (int i = 0; i < compiled.length; i++) {
            Piece.Variable v = vars.get(i);
            // The first variable for a field owns it; later ones ($time_iso8601 after $time_local) are only checked.
            Field owned = v.field() != null && fields.add(v.field()) ? v.field() : null;
            boolean quoted = endsWithQuote(literals.get(i)) && startsWithQuote(literals.get(i + 1));
            compiled[i] = v.compiled(owned, quoted);
        }
        if (fields.contains(Field.REQUEST)) {
            fields.addAll(EnumSet.of(Field.METHOD, Field.PATH, Field.PROTOCOL));
        }
        byte[][] after = literals.subList(1, literals.size()).toArray(new byte[0][]);
        return new Program(literals.get(0), compiled, after, fields);
    }

    private static Piece.Variable mergeAdjacent(Piece.Variable a, Piece.Variable b, String spec) {
        if (a.field() != null || b.field() != null) {
            throw new IllegalArgumentException("Log format \"" + spec + "\": " + a.source() + " and " + b.source()
                    + " are not separated by any text, so their values cannot be told apart");
        }
        return Piece.Variable.opaque(a.source() + b.source(), Kind.TEXT);
    }

    private static boolean endsWithQuote(byte[] literal) {
        return literal.length > 0 && literal[literal.length - 1] == '"';
    }

    private static boolean startsWithQuote(byte[] literal) {
        return literal.length > 0 && literal[0] == '"';
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
