package io.logpulse.parse;

/**
 * Splits a logged request line into method, path and protocol. A request whose first word is not an
 * HTTP token (TLS handshakes and other binary sent to a plain-HTTP port, logged as {@code \x16\x03...}),
 * or that has only one word ({@code -}), has none of the three.
 */
final class RequestLine {
    private RequestLine() {}

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[Character.toUpperCase(c)] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private static final byte[] HTTP = {'H', 'T', 'T', 'P', '/'};

    /** Writes the ranges of METHOD, PATH and PROTOCOL found in {@code [s, e)} into {@code starts}/{@code ends}. */
    static void split(byte[] b, int s, int e, int[] starts, int[] ends) {
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        int i = s;
        while (i < e && b[i] >= 0 && TCHAR[b[i]]) {
            i++;
        }
        int methodEnd = i;
        if (methodEnd == s || i == e || b[i] != ' ') {
            return;
        }
        while (b[i] == ' ') {
            i++;
        }
        int pathStart = i;
        int lastWord = e;
        while (lastWord > pathStart && b[lastWord - 1] != ' ') {
            lastWord--;
        }
        int pathEnd = e;
        if (lastWord > pathStart && startsWithHttp(b, lastWord, e)) {
            set(Field.PROTOCOL, lastWord, e, starts, ends);
            pathEnd = lastWord;
            while (b[pathEnd - 1] == ' ') {
                pathEnd--;
            }
        }
        set(Field.METHOD, s, methodEnd, starts, ends);
        set(Field.PATH, pathStart, pathEnd, starts, ends);
    }

    private static boolean startsWithHttp(byte[] b, int s, int e) {
        if (e - s < HTTP.length) {
            return false;
        }
        for (int k = 0; k < HTTP.length; k++) {
            if (b[s + k] != HTTP[k]) {
                return false;
            }
        }
        return true;
    }

    private static void set(Field f, int s, int e, int[] starts, int[] ends) {
        starts[f.ordinal()] = s;
        ends[f.ordinal()] = e;
    }
}
