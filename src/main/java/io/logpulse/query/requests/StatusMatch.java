package io.logpulse.query.requests;

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

    public boolean test(long status) {
        return status >= 0 && status < codes.length && codes[(int) status];
    }

    @Override
    public String toString() {
        return text;
    }
}
