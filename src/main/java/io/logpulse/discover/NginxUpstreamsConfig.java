package io.logpulse.discover;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads nginx configuration files into a tree of directives the way nginx's own lexer does
 * ({@code ngx_conf_read_token}): words separated by white space, {@code ;} ending a directive,
 * {@code { }} around a block, {@code #} starting a comment where a word could start, single or double
 * quotes with backslash escapes, {@code ${var}} not opening a block. {@code include} is followed in
 * place, with globs, relative to the directory of the file nginx was started with.
 */
final class NginxUpstreamsConfig {

    /** One directive: its name, arguments, block (null for a simple directive) and where it was written. */
    record Directive(String name, List<String> args, List<Directive> block, Path file, int line) {

        String where() {
            return file + ":" + line;
        }
    }

    private static final int MAX_INCLUDE_DEPTH = 32;

    private final Path prefix;

    private NginxUpstreamsConfig(Path prefix) {
        this.prefix = prefix;
    }

    /** The directives of {@code file} with every {@code include} replaced by what it includes. */
    static List<Directive> read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path prefix = absolute.getParent();
        return new NginxUpstreamsConfig(prefix).readFile(absolute, 0);
    }

    /** Parses configuration text; includes are resolved against {@code prefix}. */
    static List<Directive> parse(String text, Path file, Path prefix) {
        return new NginxUpstreamsConfig(prefix).parseText(text, file, 0);
    }

    private List<Directive> readFile(Path file, int depth) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            try {
                text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException again) {
                throw new NginxUpstreams.ConfigException("cannot read " + file + ": " + again.getMessage());
            }
        } catch (IOException e) {
            throw new NginxUpstreams.ConfigException("cannot read " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        return parseText(text, file, depth);
    }

    private List<Directive> parseText(String text, Path file, int depth) {
        var lexer = new Lexer(text, file);
        List<Directive> directives = block(lexer, depth, false);
        return directives;
    }

    private List<Directive> block(Lexer lexer, int depth, boolean nested) {
        var directives = new ArrayList<Directive>();
        var words = new ArrayList<String>();
        int line = -1;
        while (true) {
            Token token = lexer.next();
            switch (token.kind) {
                case WORD -> {
                    if (words.isEmpty()) {
                        line = token.line;
                    }
                    words.add(token.text);
                }
                case SEMICOLON -> {
                    if (words.isEmpty()) {
                        throw lexer.error(token.line, "unexpected \";\"");
                    }
                    Directive d = new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), null, lexer.file, line);
                    if (d.name().equals("include")) {
                        directives.addAll(include(d, depth));
                    } else {
                        directives.add(d);
                    }
                    words.clear();
                }
                case OPEN -> {
                    if (words.isEmpty()) {
                        throw lexer.error(token.line, "unexpected \"{\"");
                    }
                    List<Directive> inner = block(lexer, depth, true);
                    directives.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), inner, lexer.file, line));
                    words.clear();
                }
                case CLOSE -> {
                    if (!words.isEmpty()) {
                        throw lexer.error(token.line, "unexpected \"}\": \"" + words.get(0) + "\" is not terminated by \";\"");
                    }
                    if (!nested) {
                        throw lexer.error(token.line, "unexpected \"}\"");
                    }
                    return directives;
                }
                case END -> {
                    if (!words.isEmpty()) {
                        throw lexer.error(token.line, "unexpected end of file: \"" + words.get(0) + "\" is not terminated by \";\"");
                    }
                    if (nested) {
                        throw lexer.error(token.line, "unexpected end of file, expecting \"}\"");
                    }
                    return directives;
                }
            }
        }
    }

    private List<Directive> include(Directive d, int depth) {
        if (d.args().size() != 1) {
            throw new NginxUpstreams.ConfigException(d.where() + ": \"include\" takes one file or glob");
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            throw new NginxUpstreams.ConfigException(d.where() + ": includes nested more than " + MAX_INCLUDE_DEPTH
                    + " deep (does a file include itself?)");
        }
        String pattern = d.args().get(0);
        Path path = prefix.resolve(pattern).normalize();
        var included = new ArrayList<Directive>();
        if (pattern.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
            if (!Files.exists(path)) {
                throw new NginxUpstreams.ConfigException(d.where() + ": included file " + path + " does not exist");
            }
            included.addAll(readFile(path, depth + 1));
            return included;
        }
        // As nginx (glob(3)): the matches of the last path element, in name order; no match is fine.
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return included;
        }
        var matches = new ArrayList<Path>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, path.getFileName().toString())) {
            stream.forEach(p -> {
                if (Files.isRegularFile(p)) {
                    matches.add(p);
                }
            });
        } catch (IOException e) {
            throw new NginxUpstreams.ConfigException(d.where() + ": cannot list " + dir + ": " + e.getMessage());
        }
        matches.sort(null);
        for (Path match : matches) {
            included.addAll(readFile(match, depth + 1));
        }
        return included;
    }

    private enum Kind { WORD, SEMICOLON, OPEN, CLOSE, END }

    private record Token(Kind kind, String text, int line) {
    }

    /** nginx's tokenizer. */
    private static final class Lexer {
        private final String s;
        private final Path file;
        private int at;
        private int line = 1;

        Lexer(String s, Path file) {
            this.s = s;
            this.file = file;
        }

        NginxUpstreams.ConfigException error(int atLine, String message) {
            return new NginxUpstreams.ConfigException(file + ":" + atLine + ": " + message);
        }

        Token next() {
            while (true) {
                if (at >= s.length()) {
                    return new Token(Kind.END, null, line);
                }
                char c = s.charAt(at);
                if (c == '\n') {
                    line++;
                    at++;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    at++;
                } else if (c == '#') {
                    while (at < s.length() && s.charAt(at) != '\n') {
                        at++;
                    }
                } else {
                    break;
                }
            }
            char c = s.charAt(at);
            int startLine = line;
            switch (c) {
                case ';' -> {
                    at++;
                    return new Token(Kind.SEMICOLON, null, startLine);
                }
                case '{' -> {
                    at++;
                    return new Token(Kind.OPEN, null, startLine);
                }
                case '}' -> {
                    at++;
                    return new Token(Kind.CLOSE, null, startLine);
                }
                case '"', '\'' -> {
                    return quoted(c, startLine);
                }
                default -> {
                    return word(startLine);
                }
            }
        }

        private Token quoted(char quote, int startLine) {
            at++;
            var text = new StringBuilder();
            while (true) {
                if (at >= s.length()) {
                    throw error(startLine, "unexpected end of file: the string opened here is never closed");
                }
                char c = s.charAt(at++);
                if (c == '\n') {
                    line++;
                }
                if (c == '\\' && at < s.length()) {
                    text.append(unescape(s.charAt(at++)));
                } else if (c == quote) {
                    break;
                } else {
                    text.append(c);
                }
            }
            if (at < s.length()) {
                char after = s.charAt(at);
                if (!(after == ' ' || after == '\t' || after == '\r' || after == '\n' || after == ';' || after == '{' || after == '}')) {
                    throw error(line, "unexpected \"" + after + "\" after a quoted string");
                }
            }
            return new Token(Kind.WORD, text.toString(), startLine);
        }

        private Token word(int startLine) {
            var text = new StringBuilder();
            boolean variable = false;
            while (at < s.length()) {
                char c = s.charAt(at);
                if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') {
                    break;
                }
                if (c == '{' && !variable) {
                    break;
                }
                if (c == '}' && !variable) {
                    break;
                }
                at++;
                if (c == '\\' && at < s.length()) {
                    char next = s.charAt(at++);
                    text.append(unescape(next));
                    continue;
                }
                if (c == '$') {
                    variable = at < s.length() && s.charAt(at) == '{';
                    text.append(c);
                    if (variable) {
                        text.append('{');
                        at++;
                    }
                    continue;
                }
                if (c == '}') {
                    variable = false;
                }
                text.append(c);
            }
            return new Token(Kind.WORD, text.toString(), startLine);
        }

        /** nginx undoes \" \' \\ \t \r \n; any other escaped character keeps its backslash. */
        private static String unescape(char c) {
            return switch (c) {
                case '"', '\'', '\\' -> String.valueOf(c);
                case 't' -> "\t";
                case 'r' -> "\r";
                case 'n' -> "\n";
                default -> "\\" + c;
            };
        }
    }
}
