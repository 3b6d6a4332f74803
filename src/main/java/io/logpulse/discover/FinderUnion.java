package io.logpulse.discover;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Several finders as one, such as the explicit paths of {@code run --docker PATH...} and the
 * containers' logs. A path found by more than one is read once, with the first finder's label; a
 * path that one finder lists never rests because another says so.
 */
public final class FinderUnion implements LogFileFinder, AutoCloseable {

    private final List<LogFileFinder> finders;

    public FinderUnion(List<LogFileFinder> finders) {
        this.finders = List.copyOf(finders);
    }

    @Override
    public List<LogFile> find() {
        return list().files();
    }

    @Override
    public Listing list() {
        var files = new LinkedHashMap<String, LogFile>();
        var resting = new HashSet<String>();
        for (LogFileFinder finder : finders) {
            Listing listing = finder.list();
            for (LogFile file : listing.files()) {
                files.putIfAbsent(file.path(), file);
            }
            resting.addAll(listing.resting());
        }
        resting.removeAll(files.keySet());
        return new Listing(new ArrayList<>(files.values()), Set.copyOf(resting));
    }

    @Override
    public void close() throws Exception {
        for (LogFileFinder finder : finders) {
            if (finder instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
