package io.logpulse.cli;

/**
 * Text from log lines can hold escape sequences that would rewrite a terminal (a hostile user
 * agent, a path with ESC): every control character is shown as a visible escape instead.
 */
final class TerminalText {

    private TerminalText() {
    }

    static String safe(Object value) {
        String text = String.valueOf(value);
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append(String.format("\\x%02X", (int) c & 0xff));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
