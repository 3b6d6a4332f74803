package io.logpulse.query.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

class GoodnessOfFitTest {

    @Test
    void upperTailMatchesClosedForms() {
        // df = 2: P(X > x) = exp(-x/2).  df = 1: P(X > x) = erfc(sqrt(x/2)).
        for (double x : new double[] {0.1, 1, 5.99, 9.21, 33.08, 200, 1400}) {
            assertThat(GoodnessOfFit.chiSquareUpperTail(x, 2)).isCloseTo(Math.exp(-x / 2), within(Math.exp(-x / 2) * 1e-9));
        }
        assertThat(GoodnessOfFit.chiSquareUpperTail(3.841458820694124, 1)).isCloseTo(0.05, within(1e-12));
        assertThat(GoodnessOfFit.chiSquareUpperTail(12.0, 1)).isCloseTo(Erf.erfc(Math.sqrt(6.0)), within(1e-15));
        // Textbook critical values: df = 4 at 0.01 is 13.2767, df = 10 at 0.05 is 18.307.
        assertThat(GoodnessOfFit.chiSquareUpperTail(13.2767, 4)).isCloseTo(0.01, within(1e-5));
        assertThat(GoodnessOfFit.chiSquareUpperTail(18.307, 10)).isCloseTo(0.05, within(1e-5));
        assertThat(GoodnessOfFit.chiSquareUpperTail(0, 3)).isEqualTo(1.0);
    }

    @Test
    void theLabsWholeDayIsSkewedAndItsHealthyPartIsNot() {
        // sample-logs/lb, the whole file, against 6/2/2: X² = 95²/1800 + 31²/600 + 126²/600.
        var whole = GoodnessOfFit.test(new long[] {1895, 631, 474}, new double[] {6, 2, 2});
        assertThat(whole.statistic()).isCloseTo(95.0 * 95 / 1800 + 31.0 * 31 / 600 + 126.0 * 126 / 600, within(1e-9));
        assertThat(whole.df()).isEqualTo(2);
        assertThat(whole.pValue()).isCloseTo(Math.exp(-whole.statistic() / 2), within(1e-15));
        assertThat(whole.balanced()).isFalse();
        assertThat(whole.method()).isEqualTo(GoodnessOfFit.Method.CHI_SQUARE);
        // z of lb03: (474 - 600) / sqrt(3000 · 0.2 · 0.8)
        assertThat(whole.z()[2]).isCloseTo(-126 / Math.sqrt(480), within(1e-12));

        var healthy = GoodnessOfFit.test(new long[] {1422, 474, 474}, new double[] {6, 2, 2});
        assertThat(healthy.statistic()).isZero();
        assertThat(healthy.pValue()).isEqualTo(1.0);
        assertThat(healthy.balanced()).isTrue();
    }

    @Test
    void smallSamplesAreTestedExactlyAndNotFlaggedByAccident() {
        // Five requests of round robin 6/2/2 can be anything like 4/1/0: that is no evidence of skew.
        var five = GoodnessOfFit.test(new long[] {4, 1, 0}, new double[] {6, 2, 2});
        assertThat(five.method()).isEqualTo(GoodnessOfFit.Method.EXACT);
        assertThat(five.balanced()).isTrue();
        // The exact p of 3/0/0 against 6/2/2: the probabilities of every split at least as far off (by X²), summed.
        double[] p = {0.6, 0.2, 0.2};
        double exact = 0;
        double observed = x2(new long[] {3, 0, 0}, p);
        for (int a = 0; a <= 3; a++) {
            for (int b = 0; a + b <= 3; b++) {
                long[] x = {a, b, 3 - a - b};
                if (x2(x, p) >= observed - 1e-12) {
                    exact += multinomial(x, p);
                }
            }
        }
        assertThat(GoodnessOfFit.test(new long[] {3, 0, 0}, new double[] {6, 2, 2}).pValue()).isCloseTo(exact, within(1e-12));

        // But 30 requests all on the 20 % backend is skew, however small the sample.
        var lopsided = GoodnessOfFit.test(new long[] {0, 0, 30}, new double[] {6, 2, 2});
        assertThat(lopsided.balanced()).isFalse();
    }

    @Test
    void largeSmallSamplesAreSimulatedReproducibly() {
        // A 1 % backend with 300 requests: expected 3 (< 5), and too many splits to enumerate.
        long[] counts = {297, 3, 0, 0, 0, 0, 0, 0, 0, 0};
        double[] shares = {99, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        var first = GoodnessOfFit.test(counts, shares);
        assertThat(first.method()).isEqualTo(GoodnessOfFit.Method.MONTE_CARLO);
        assertThat(GoodnessOfFit.test(counts, shares).pValue()).isEqualTo(first.pValue());
        assertThat(first.pValue()).isBetween(0.0, 1.0);
    }

    @Test
    void noTrafficOrOneBackendIsTriviallyBalanced() {
        assertThat(GoodnessOfFit.test(new long[] {0, 0}, new double[] {1, 1}).balanced()).isTrue();
        assertThat(GoodnessOfFit.test(new long[] {17}, new double[] {3}).balanced()).isTrue();
    }

    private static double x2(long[] x, double[] p) {
        long n = 0;
        for (long v : x) {
            n += v;
        }
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double e = n * p[i];
            s += (x[i] - e) * (x[i] - e) / e;
        }
        return s;
    }

    private static double multinomial(long[] x, double[] p) {
        long n = 0;
        for (long v : x) {
            n += v;
        }
        double r = factorial(n);
        for (int i = 0; i < x.length; i++) {
            r *= Math.pow(p[i], x[i]) / factorial(x[i]);
        }
        return r;
    }

    private static double factorial(long n) {
        double f = 1;
        for (int i = 2; i <= n; i++) {
            f *= i;
        }
        return f;
    }
}
