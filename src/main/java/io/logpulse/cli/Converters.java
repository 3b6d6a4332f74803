package io.logpulse.cli;

import io.logpulse.parse.Timestamps;
import io.logpulse.query.requests.Dimension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsing of option values; a bad value becomes a usage error (exit code 2) with this message. */
final class Converters {

    private Converters() {
    }

    /** ISO-8601 with an offset ({@code 2025-01-31T03:07:33+09:00}) or the log's own style. */
    static final class Time implements ITypeConverter<OffsetDateTime> {
        @Override
        public OffsetDateTime convert(String value) {
            try {
                return Timestamps.parseUserTime(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}. */
    static final class Length implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return parseDuration(value);
        }
    }

    static Duration parseDuration(String value) {
        String v = value.trim();
        int unitAt = 0;
        while (unitAt < v.length() && Character.isDigit(v.charAt(unitAt))) {
            unitAt++;
        }
        if (unitAt == 0 || unitAt > 12) {
            throw new TypeConversionException("'" + value + "' is not a duration: write a number and a unit, e.g. 30s, 1m, 5m, 1h");
        }
        long amount = Long.parseLong(v.substring(0, unitAt));
        Duration duration = switch (v.substring(unitAt)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> throw new TypeConversionException("'" + value + "' has an unknown unit: use ms, s, m, h or d");
        };
        if (duration.isZero()) {
            throw new TypeConversionException("'" + value + "' is zero: a duration must be positive");
        }
        return duration;
    }

    static String show(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** {@code part} as a percentage of {@code total}, to one decimal. */
    static double percent(long part, long total) {
        return total == 0 ? 0 : Math.round(1000.0 * part / total) / 10.0;
    }

    /** {@code --by path}: a {@link Dimension} by its lower-case name. */
    static final class DimensionName implements ITypeConverter<Dimension> {
        @Override
        public Dimension convert(String value) {
            for (Dimension d : Dimension.values()) {
                if (d.label().equalsIgnoreCase(value.trim())) {
                    return d;
                }
            }
            throw new TypeConversionException("'" + value + "' is not something to group by: use one of "
                    + String.join(", ", new DimensionNames()));
        }
    }

    static final class DimensionNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Dimension.values()).map(Dimension::label).iterator();
        }
    }
}
