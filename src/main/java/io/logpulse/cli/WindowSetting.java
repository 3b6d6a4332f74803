package io.logpulse.cli;

import io.logpulse.pipeline.JobSpec;
import io.logpulse.store.Database;
import io.logpulse.store.TrafficReader;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** A database counts in one window size: mixing sizes would make its windows incomparable. */
final class WindowSetting {

    private WindowSetting() {
    }

    /** The database's window size; a new database takes {@code requested} or the default. */
    static Duration agree(Database db, Duration requested, CommandSpec command) {
        var stored = db.setting(TrafficReader.WINDOW_SETTING).map(ms -> Duration.ofMillis(Long.parseLong(ms)));
        if (stored.isPresent()) {
            if (requested != null && !requested.equals(stored.get())) {
                throw new ParameterException(command.commandLine(), "the database " + db.location().dataFile()
                        + " counts in " + Converters.show(stored.get()) + " windows; --window "
                        + Converters.show(requested) + " needs another --db");
            }
            return stored.get();
        }
        Duration chosen = requested != null ? requested : JobSpec.DEFAULT_WINDOW;
        if (Duration.ofHours(1).toMillis() % chosen.toMillis() != 0 && chosen.toMillis() % Duration.ofHours(1).toMillis() != 0) {
            throw new ParameterException(command.commandLine(), "--window " + Converters.show(chosen)
                    + " does not divide an hour: use e.g. 10s, 30s, 1m, 5m, 15m, 1h");
        }
        db.putSetting(TrafficReader.WINDOW_SETTING, Long.toString(chosen.toMillis()));
        return chosen;
    }
}
