package io.logpulse.query.lb;

import java.util.ArrayList;
import java.util.List;

/**
 * One request's {@code $upstream_addr} (or {@code $upstream_response_time}, {@code $upstream_status}):
 * nginx separates the servers tried for one upstream request with ", " (a retry after an error or
 * timeout, {@code proxy_next_upstream}) and the upstream requests of one client request with " : "
 * (an internal redirect, {@code X-Accel-Redirect} or {@code error_page}). The request was served by the
 * last server of the last group; every other server of a group is a failed attempt.
 *
 * @param groups the servers, per upstream request, in the order nginx tried them
 */
public record UpstreamAttempts(List<List<String>> groups) {

    /** Splits a logged value; null for "-" or an empty value. */
    public static UpstreamAttempts parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty() || v.equals("-")) {
            return null;
        }
        var groups = new ArrayList<List<String>>();
        for (String group : split(v, " : ")) {
            var servers = new ArrayList<String>();
            for (String server : split(group, ", ")) {
                servers.add(server.strip());
            }
            groups.add(List.copyOf(servers));
        }
        return new UpstreamAttempts(List.copyOf(groups));
    }

    /** Whether a logged value names more than one server (a retry or an internal redirect). */
    public static boolean isList(String value) {
        return value.indexOf(',') >= 0 || value.contains(" : ");
    }

    /** The last entry of a logged list ({@code 0.001, 0.004} → {@code 0.004}) without splitting all of it. */
    public static String lastOf(String value) {
        int comma = value.lastIndexOf(", ");
        int redirect = value.lastIndexOf(" : ");
        int cut = Math.max(comma < 0 ? 0 : comma + 2, redirect < 0 ? 0 : redirect + 3);
        return value.substring(cut).strip();
    }

    /** String.split compiles a regex for a separator of two or more characters; this does not. */
    private static List<String> split(String s, String separator) {
        var parts = new ArrayList<String>(2);
        int from = 0;
        for (int at = s.indexOf(separator); at >= 0; at = s.indexOf(separator, from)) {
            parts.add(s.substring(from, at));
            from = at + separator.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /** The server that answered: the last one tried. */
    public String last() {
        List<String> group = groups.get(groups.size() - 1);
        return group.get(group.size() - 1);
    }

    /** Servers tried before another one, in order: each a failed attempt. */
    public List<String> failed() {
        var failed = new ArrayList<String>();
        for (List<String> group : groups) {
            failed.addAll(group.subList(0, group.size() - 1));
        }
        return failed;
    }

    public boolean retried() {
        return groups.stream().anyMatch(g -> g.size() > 1);
    }

    public boolean redirected() {
        return groups.size() > 1;
    }

    /**
     * A time as nginx logs it ({@code 0.004}, seconds with millisecond resolution) in microseconds; -1 for
     * "-" or anything that is not such a number.
     */
    public static long micros(String seconds) {
        int dot = seconds.indexOf('.');
        String whole = dot < 0 ? seconds : seconds.substring(0, dot);
        String fraction = dot < 0 ? "" : seconds.substring(dot + 1);
        if (whole.isEmpty() || whole.length() > 9 || fraction.length() > 6
                || !whole.chars().allMatch(Character::isDigit) || !fraction.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        long micros = Long.parseLong(whole) * 1_000_000;
        if (!fraction.isEmpty()) {
            micros += Long.parseLong((fraction + "000000").substring(0, 6));
        }
        return micros;
    }
}
