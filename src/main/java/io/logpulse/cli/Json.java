package io.logpulse.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The JSON writer of {@code --output json}, made on first use: picocli instantiates every command
 * (and loads {@link OutputFormat}) on each start, and building an ObjectMapper there cost every
 * command about 0.3 s of class loading, JSON or not.
 */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Json() {
    }
}
