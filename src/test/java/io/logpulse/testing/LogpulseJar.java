package io.logpulse.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged {@code logpulse.jar} and the command lines that run it the way users do:
 * {@code java -jar logpulse.jar ...}, for a {@link ChildProcess}.
 */
public final class LogpulseJar {

    /** A JVM with an embedded Flink cluster starts in ~4 s on an idle 2-core machine; leave room for a busy one. */
    public static final Duration STARTUP = Duration.ofSeconds(90);

    private static LogpulseJar privateCopy;

    private final Path path;

    private LogpulseJar(Path path) {
        this.path = path;
    }

    /** The jar {@code mvn package} built, where failsafe says it is ({@code -Dlogpulse.jar}). */
    public static LogpulseJar built() {
        String configured = System.getProperty("logpulse.jar");
        Path jar = Path.of(configured != null ? configured : "target/logpulse.jar").toAbsolutePath();
        assertThat(jar).as("the packaged jar (run `mvn package` first; failsafe passes -Dlogpulse.jar)").isRegularFile();
        return new LogpulseJar(jar);
    }

    /**
     * A private copy of the built jar, made once per test JVM: a child must not see its jar replaced under it
     * by a rebuild while the tests run (a running JVM reads classes from it lazily). Not for tests that need the
     * jar where it was built: the class-data archives beside it are tied to its path.
     */
    public static synchronized LogpulseJar privateCopy() {
        if (privateCopy == null) {
            Path jar = built().path;
            try {
                Path copy = Files.createTempFile("logpulse-it-", ".jar");
                copy.toFile().deleteOnExit();
                Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                privateCopy = new LogpulseJar(copy);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + jar, e);
            }
        }
        return privateCopy;
    }

    public Path path() {
        return path;
    }

    public List<String> command(String... args) {
        return command(List.of(), List.of(args));
    }

    /** {@code java JVM-OPTIONS -jar logpulse.jar ARGS}, with the JVM the tests run on. */
    public List<String> command(List<String> jvmOptions, List<String> args) {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", path.toString()));
        command.addAll(args);
        return command;
    }
}
