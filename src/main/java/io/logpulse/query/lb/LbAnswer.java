package io.logpulse.query.lb;

import io.logpulse.query.TimeRange;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@link LbQuery}: per backend counts against the expectation, the verdict, the timeline
 * and the clients that reached more than one backend.
 *
 * @param bucketMillis the timeline's step when one was asked for ({@code --by}), else null
 * @param test the goodness-of-fit test over the backends that should get traffic; null without fixed shares
 * @param verdict {@code balanced}, {@code skewed}, {@code n/a} (no fixed shares) or {@code no traffic}
 * @param timeline per bucket, when asked for
 * @param stickiness null when not checked
 * @param meta further facts for the report header (retries, proxy log lines ...), in order
 */
public record LbAnswer(TimeRange requested, TimeRange covered, long windowMillis, Long bucketMillis, String countedFrom,
        Plan plan, List<Row> rows, GoodnessOfFit.Result test, String verdict, List<Window> timeline,
        Stickiness stickiness, Map<String, Object> meta, List<String> notes) {

    /**
     * One backend.
     *
     * @param share percent of all requests in the range
     * @param expectedShare percent expected from the weights; null when the method has no fixed shares
     * @param deviation share minus expected share, in percentage points
     * @param z adjusted standardized residual, null where not tested
     * @param statusClasses index 1..5 for 1xx..5xx, 0 for anything else
     * @param proxyRequests requests the proxy's log says this backend served; null without a proxy log
     *     or when the counts come from it
     * @param failedAttempts times the proxy tried this backend and moved on to another; null without a proxy log
     * @param upstreamP50 median {@code $upstream_response_time} in seconds; null when not logged
     */
    public record Row(Backend backend, long requests, double share, Double expectedShare, Double deviation, Double z,
            String verdict, long[] statusClasses, Long proxyRequests, Long failedAttempts, Double upstreamP50,
            Double upstreamP95) {
    }

    /** One step of the timeline: requests per backend, in the order of {@link #rows()}. */
    public record Window(long start, long end, long requests, long[] perBackend, String verdict, Double pValue) {
    }

    /** Clients seen on more than one backend; {@code source} says where the client addresses come from. */
    public record Stickiness(String source, int clients, List<ClientSpread.Client> spread) {

        public boolean sticky() {
            return spread.isEmpty();
        }
    }

    public boolean widened() {
        return !requested.equals(covered);
    }
}
