/**
 * Integration tests of live mode ({@code logpulse run}) against the packaged jar, as users run it:
 * {@code java -jar target/logpulse.jar run ...} as a child process, with a real nginx
 * ({@code /usr/sbin/nginx}, skipped when missing) or a writer of the test's own, and the store read
 * from the test process over H2's {@code AUTO_SERVER} while {@code run} writes.
 *
 * <p>Named {@code *IT}: maven-failsafe runs them after {@code package} in {@code mvn verify}, or alone:
 * <pre>
 * mvn -B -q -o package -DskipTests &amp;&amp; mvn -B -o failsafe:integration-test failsafe:verify -Dit.test='io.logpulse.live.*IT'
 * </pre>
 * Knobs for a failure: {@code -Dlive.seed=N} replays the random choices of the crash and SIGTERM
 * tests (each logs its seed); {@code -Dlive.child.jvmArgs='-Dlog4j2.configurationFile=/tmp/debug.xml'}
 * passes JVM options to every child (to see Flink's own log, which logpulse keeps quiet). A failed
 * test prints every child's stdout and stderr ({@link io.logpulse.live.LiveLogs}).
 *
 * <p>No assertion depends on timing, apart from the SIGTERM contract (exit within 10 s): counts are
 * awaited with generous timeouts, and the freshness latency is measured and logged, not asserted.
 */
package io.logpulse.live;
