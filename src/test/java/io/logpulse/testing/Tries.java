package io.logpulse.testing;

import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a property over many generated inputs, deterministically: the tries of a property draw their own
 * seeds from the property's fixed base seed, so a failure names the try, its seed and its input, and
 * happens again on every run until fixed.
 */
public final class Tries {
    private Tries() {}

    /** The checks of one try; may throw, e.g. an {@link java.io.IOException} from a file it reads. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** One generated input: how to print it, and the checks to run on it. */
    public record Case(Supplier<String> input, Check check) {}

    public static void forAll(int tries, long baseSeed, Function<Random, Case> generator) {
        Random seeds = new Random(baseSeed);
        for (int i = 1; i <= tries; i++) {
            long seed = seeds.nextLong();
            Case c = generator.apply(new Random(seed));
            try {
                c.check().run();
            } catch (AssertionError | Exception | StackOverflowError e) {
                throw new AssertionError(String.format(
                        "failed on try %d of %d (base seed %#xL; this try: new Random(%#xL)) with input:%n%s%n%s",
                        i, tries, baseSeed, seed, c.input().get(), e), e);
            }
        }
    }

    /** Bytes as text, unambiguously: printable ASCII but '"' and '\' as is, every other byte as \xHH. */
    public static String show(byte[] b) {
        StringBuilder out = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xFF;
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                out.append(String.format("\\x%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.append("\" (").append(b.length).append(" bytes)").toString();
    }

    /** A string as a Java literal: printable ASCII as is, everything else escaped. */
    public static String show(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
