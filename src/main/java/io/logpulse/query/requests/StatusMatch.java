package io.logpulse.query.requests;

import io.logpulse.model.SegmentSummary;
import io.logpulse.query.QueryException;
import java.util.Arrays;

/** Which status codes a filter keeps: codes ({@code 404}) and classes ({@code 5xx}), comma-separated. */
public final class StatusMatch {
    private final boolean[] codes = new boolean[1000];
    private final String text;

    private StatusMatch(String text) {
        this.text = text;
    }

    public static StatusMatch parse(String text) {
        var match = new StatusMatch(text);
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase();
            if (p.matches("[1-5]xx")) {
                int hundreds = p.charAt(0) - '0';
                Arrays.fill(match.codes, hundreds * 100, hundreds * 100 + 100, true);
            } else if (p.matches("[1-5][0-9][0-9]")) {
                match.codes[Integer.parseInt(p)] = true;
            } else {
                throw new QueryException("'" + part.trim() + "' is not a status: write a code (404) or a class (5xx), "
                        + "several with commas (4xx,503)");
            }
        }
        return match;
    }

    /**
     * The status classes ({@link SegmentSummary#classOf}) this match keeps, when it keeps exactly
     * whole classes among 1xx to 5xx; null when it keeps single codes.
     */
    boolean[] wholeClasses() {
        boolean[] classes = new boolean[SegmentSummary.CLASSES];
        for (int code = 0; code < codes.length; code++) {
            int c = SegmentSummary.classOf(code);
            if (code % 100 == 0 && c < SegmentSummary.CLASSES - 1) {
                classes[c] = codes[code];
            }
            if (codes[code] != (c < SegmentSummary.CLASSES - 1 && classes[c])) {
                return null;
            }
        }
        return classes;
    }

    public boolean test(long status) {
        return status >= 0 && status < codes.length && codes[(int) status];
    }

    @Override
    public String toString() {
        return text;
    }
}
