package io.logpulse.serve;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one API request. Strict: a name the endpoint does not know, or given
 * twice, is a bad request, so a typo ({@code form=}) never silently shows the default range.
 */
record Params(Map<String, String> values) {

    static Params parse(String rawQuery, Set<String> known) {
        var values = new LinkedHashMap<String, String>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (!known.contains(name)) {
                    throw new ApiException(ApiException.BAD_REQUEST, "unknown parameter '" + name + "' (this endpoint takes "
                            + String.join(", ", new TreeSet<>(known)) + ")");
                }
                if (values.put(name, value) != null) {
                    throw new ApiException(ApiException.BAD_REQUEST, "parameter '" + name + "' is given twice");
                }
            }
        }
        return new Params(Map.copyOf(values));
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ApiException.BAD_REQUEST, "malformed query string: " + e.getMessage());
        }
    }

    /** The value, or null when absent or empty (an empty form field means "not given"). */
    String get(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    int intBetween(String name, int fallback, int min, int max) {
        String value = get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new ApiException(ApiException.BAD_REQUEST, name + "=" + value + " is not a whole number from " + min + " to " + max);
    }
}
