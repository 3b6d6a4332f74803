package io.logpulse.parse;

/** How the bytes of one variable are checked and stored. */
enum Kind {
    ADDRESS(true),
    TIME_LOCAL(false),
    TIME_ISO(true),
    STATUS(true),
    BYTES(true),
    DURATION(true),
    /** Unchecked, never contains a space. */
    WORD(true),
    /** Unchecked, may contain spaces. */
    TEXT(false);

    /**
     * A value that never contains a space ends at the first space when it is the last thing in the
     * format, so that a line with extra fields is reported as trailing data rather than as a bad value.
     */
    final boolean word;

    Kind(boolean word) {
        this.word = word;
    }
}
