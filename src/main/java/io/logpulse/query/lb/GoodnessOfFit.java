package io.logpulse.query.lb;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * Does a split of requests follow the expected shares? Pearson's chi-square goodness-of-fit test.
 *
 * <p>The p-value is the chi-square distribution's upper tail, {@code Q(df/2, X²/2)} (the regularized upper
 * incomplete gamma function), which keeps its precision for tiny p. When an expected count is below 5
 * (Cochran's rule) the chi-square approximation is unreliable, so the p-value is computed from the
 * multinomial distribution itself: exactly, by enumerating every possible split, when there are at most
 * {@value #MAX_EXACT_OUTCOMES} of them, else by {@value #SIMULATIONS} simulated splits with a fixed seed
 * (the same answer every run). A handful of requests is therefore never called skewed by accident.
 *
 * <p>The traffic is called balanced when {@code p >= }{@value #ALPHA}. A backend's own deviation is its
 * adjusted standardized residual {@code z = (o - n·p) / sqrt(n·p·(1 - p))}, about N(0, 1) under the
 * expected shares; {@code |z| > }{@value #Z_FLAG} points at the backend(s) behind a skewed verdict.
 */
public final class GoodnessOfFit {

    /** Significance level: p below it means the traffic does not follow the shares. */
    public static final double ALPHA = 0.01;
    /** A backend whose |z| exceeds this is flagged as over- or under-served. */
    public static final double Z_FLAG = 3.0;
    static final double MIN_EXPECTED = 5.0;
    static final long MAX_EXACT_OUTCOMES = 1_000_000;
    static final int SIMULATIONS = 20_000;
    private static final long SEED = 0x5EED_1095L;

    /** How the p-value was obtained. */
    public enum Method {
        CHI_SQUARE("chi-square"),
        EXACT("exact multinomial"),
        MONTE_CARLO("chi-square, simulated p (" + SIMULATIONS + " samples)"),
        NONE("none");

        private final String label;

        Method(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * @param statistic Pearson's X²
     * @param expected the expected count of each category
     * @param z each category's adjusted standardized residual
     */
    public record Result(long n, double statistic, int df, double pValue, Method method, double[] expected, double[] z) {

        public boolean balanced() {
            return pValue >= ALPHA;
        }
    }

    private GoodnessOfFit() {
    }

    /**
     * Tests counts against shares ({@code shares[i] > 0}; they need not sum to 1, they are normalized).
     */
    public static Result test(long[] observed, double[] shares) {
        int k = observed.length;
        if (k != shares.length) {
            throw new IllegalArgumentException("counts and shares differ in length");
        }
        double total = 0;
        for (double s : shares) {
            if (!(s > 0) || Double.isInfinite(s)) {
                throw new IllegalArgumentException("every share must be positive: " + Arrays.toString(shares));
            }
            total += s;
        }
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = shares[i] / total;
        }
        long n = 0;
        for (long o : observed) {
            n += o;
        }
        double[] expected = new double[k];
        double[] z = new double[k];
        double minExpected = Double.MAX_VALUE;
        for (int i = 0; i < k; i++) {
            expected[i] = n * p[i];
            minExpected = Math.min(minExpected, expected[i]);
            double variance = n * p[i] * (1 - p[i]);
            z[i] = variance > 0 ? (observed[i] - expected[i]) / Math.sqrt(variance) : 0;
        }
        if (k < 2 || n == 0) {
            return new Result(n, 0, Math.max(0, k - 1), 1.0, Method.NONE, expected, z);
        }
        double x2 = statistic(observed, expected);
        if (minExpected >= MIN_EXPECTED) {
            return new Result(n, x2, k - 1, chiSquareUpperTail(x2, k - 1), Method.CHI_SQUARE, expected, z);
        }
        if (outcomes(n, k) <= MAX_EXACT_OUTCOMES) {
            return new Result(n, x2, k - 1, exact(n, p, x2), Method.EXACT, expected, z);
        }
        return new Result(n, x2, k - 1, simulated(n, p, x2), Method.MONTE_CARLO, expected, z);
    }

    /** P(X > x) for a chi-square variable with {@code df} degrees of freedom. */
    public static double chiSquareUpperTail(double x, int df) {
        if (x <= 0) {
            return 1.0;
        }
        return Gamma.regularizedGammaQ(df / 2.0, x / 2.0, 1e-15, 100_000);
    }

    private static double statistic(long[] observed, double[] expected) {
        double x2 = 0;
        for (int i = 0; i < observed.length; i++) {
            double d = observed[i] - expected[i];
            x2 += d * d / expected[i];
        }
        return x2;
    }

    /** The number of ways to split n requests over k backends: C(n + k - 1, k - 1), capped. */
    static double outcomes(long n, int k) {
        double ways = 1;
        for (int i = 1; i < k; i++) {
            ways = ways * (n + i) / i;
            if (ways > 1e18) {
                return ways;
            }
        }
        return ways;
    }

    /** Sum of the probabilities of every split at least as far from the shares (by X²) as the observed one. */
    private static double exact(long n, double[] p, double observedX2) {
        int k = p.length;
        double[] logP = new double[k];
        for (int i = 0; i < k; i++) {
            logP[i] = Math.log(p[i]);
        }
        double[] logFactorial = new double[(int) n + 1];
        for (int i = 2; i <= n; i++) {
            logFactorial[i] = logFactorial[i - 1] + Math.log(i);
        }
        double threshold = observedX2 - 1e-9 * Math.max(1, observedX2);
        double[] sum = {0};
        enumerate(new int[k], 0, (int) n, n, p, logP, logFactorial, threshold, sum);
        return Math.min(1.0, sum[0]);
    }

    private static void enumerate(int[] x, int i, int left, long n, double[] p, double[] logP, double[] logFactorial,
            double threshold, double[] sum) {
        int k = x.length;
        if (i == k - 1) {
            x[i] = left;
            double x2 = 0;
            double logProbability = logFactorial[(int) n];
            for (int j = 0; j < k; j++) {
                double e = n * p[j];
                double d = x[j] - e;
                x2 += d * d / e;
                logProbability += x[j] * logP[j] - logFactorial[x[j]];
            }
            if (x2 >= threshold) {
                sum[0] += Math.exp(logProbability);
            }
            return;
        }
        for (int v = 0; v <= left; v++) {
            x[i] = v;
            enumerate(x, i + 1, left - v, n, p, logP, logFactorial, threshold, sum);
        }
    }

    private static double simulated(long n, double[] p, double observedX2) {
        int k = p.length;
        double[] cumulative = new double[k];
        double acc = 0;
        for (int i = 0; i < k; i++) {
            acc += p[i];
            cumulative[i] = acc;
        }
        double[] expected = new double[k];
        for (int i = 0; i < k; i++) {
            expected[i] = n * p[i];
        }
        double threshold = observedX2 - 1e-9 * Math.max(1, observedX2);
        var random = new SplittableRandom(SEED);
        long[] counts = new long[k];
        int atLeast = 0;
        for (int s = 0; s < SIMULATIONS; s++) {
            Arrays.fill(counts, 0);
            for (long r = 0; r < n; r++) {
                double u = random.nextDouble() * acc;
                int c = 0;
                while (c < k - 1 && u >= cumulative[c]) {
                    c++;
                }
                counts[c]++;
            }
            if (statistic(counts, expected) >= threshold) {
                atLeast++;
            }
        }
        return (atLeast + 1.0) / (SIMULATIONS + 1.0);
    }
}
