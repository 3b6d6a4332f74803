package io.logpulse.parse;

import java.nio.charset.StandardCharsets;

/**
 * Undoes the escaping servers apply to logged values: nginx writes {@code "}, {@code \} and bytes outside
 * printable ASCII as {@code \xHH}; Apache writes {@code \"}, {@code \\}, C escapes ({@code \n}, {@code \t}
 * ...) and {@code \xHH}. The result is read as UTF-8, malformed sequences replaced.
 */
public final class Unescape {
    private Unescape() {}

    /** True when {@code b[s, e)} decodes to itself: ASCII without a backslash. */
    public static boolean readsAsIs(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] < 0 || b[i] == '\\') {
                return false;
            }
        }
        return true;
    }

    public static String decode(byte[] b, int s, int e) {
        int i = s;
        while (i < e && b[i] != '\\') {
            i++;
        }
        if (i == e) {
            return new String(b, s, e - s, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[e - s];
        int n = i - s;
        System.arraycopy(b, s, out, 0, n);
        while (i < e) {
            byte c = b[i];
            if (c != '\\' || i + 1 == e) {
                out[n++] = c;
                i++;
                continue;
            }
            byte next = b[i + 1];
            if (next == 'x' && i + 3 < e && hex(b[i + 2]) >= 0 && hex(b[i + 3]) >= 0) {
                out[n++] = (byte) (hex(b[i + 2]) << 4 | hex(b[i + 3]));
                i += 4;
                continue;
            }
            int unescaped = switch (next) {
                case '"', '\\' -> next;
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case 'v' -> 0x0B;
                default -> -1;
            };
            if (unescaped < 0) {
                out[n++] = c;
                i++;
            } else {
                out[n++] = (byte) unescaped;
                i += 2;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
