package io.logpulse.query.lb;

/**
 * One backend as the query sees it: a source label (whose log is in the store), an upstream address
 * (as the proxy logs it), or both once mapped; its weight and role.
 *
 * @param limits nginx parameters shown as they are ({@code max_fails=5 fail_timeout=15s}), empty if none
 */
public record Backend(String label, String address, double weight, Role role, String limits) {

    /** What the configuration says a backend should get. */
    public enum Role {
        /** Serves its weight's share. */
        ACTIVE("active"),
        /** {@code down} (or weight 0): must get nothing. */
        DOWN("down"),
        /** {@code backup}: gets traffic only while every active server is down or failing. */
        BACKUP("backup"),
        /** Not in the configuration, yet it served requests. */
        UNLISTED("not listed");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** How the backend is shown: its source label if known, else its address. */
    public String name() {
        return label != null ? label : address;
    }

    Backend withLabel(String newLabel) {
        return new Backend(newLabel, address, weight, role, limits);
    }

    Backend withAddress(String newAddress) {
        return new Backend(label, newAddress, weight, role, limits);
    }

    /** Whether its expected share is positive. */
    public boolean expectsTraffic() {
        return role == Role.ACTIVE && weight > 0;
    }
}
