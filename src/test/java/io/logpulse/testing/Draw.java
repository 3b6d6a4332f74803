package io.logpulse.testing;

import java.util.Random;

/** Generators the property tests share: values of a range, with extra weight on its edges. */
public final class Draw {
    private Draw() {}

    /** 0..max, often 0, 1, max or short. */
    public static int size(Random random, int max) {
        return switch (random.nextInt(20)) {
            case 0 -> 0;
            case 1 -> Math.min(1, max);
            case 2 -> max;
            case 3, 4, 5, 6 -> random.nextInt(Math.min(10, max) + 1);
            default -> random.nextInt(max + 1);
        };
    }

    /** min..max, either end in about one try in ten. */
    public static int intBetween(Random random, int min, int max) {
        return switch (random.nextInt(20)) {
            case 0 -> min;
            case 1 -> max;
            default -> random.nextInt(min, max + 1);
        };
    }
}
