package io.logpulse.parse;

import java.io.Serializable;

/** One piece of a log format string as written, before it is compiled into a {@link Program}. */
sealed interface Piece {

    record Text(String text) implements Piece {}

    /**
     * A variable ({@code $status}, {@code %>s}). {@code field} is null for variables logpulse does not
     * interpret; {@code unitMicros} is the unit of a {@link Kind#DURATION} in microseconds.
     */
    record Variable(String source, Kind kind, Field field, int unitMicros, boolean quoted)
            implements Piece, Serializable {

        static Variable of(String source, Kind kind, Field field) {
            return new Variable(source, kind, field, 0, false);
        }

        static Variable duration(String source, int unitMicros) {
            return new Variable(source, Kind.DURATION, Field.REQUEST_TIME, unitMicros, false);
        }

        static Variable opaque(String source, Kind kind) {
            return new Variable(source, kind, null, 0, false);
        }

        Variable compiled(Field field, boolean quoted) {
            return new Variable(source, kind, field, unitMicros, quoted);
        }
    }
}
