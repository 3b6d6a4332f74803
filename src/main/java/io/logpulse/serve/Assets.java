package io.logpulse.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The page's files, read from the jar once at start: the dashboard's own, and uPlot's from its WebJar
 * (whose version the WebJar's own Maven properties give, so pom.xml alone pins it). A fixed table of
 * URL paths: no part of a request ever becomes a class-path name.
 */
final class Assets {

    /** One file: its bytes and its Content-Type. */
    record Asset(byte[] bytes, String contentType) {
    }

    private static final String OWN = "io/logpulse/serve/";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private Assets() {
    }

    static Map<String, Asset> load() {
        String uplot = "META-INF/resources/webjars/uplot/" + webJarVersion(UPLOT_POM) + "/dist/";
        return Map.of(
                "/", asset(OWN + "index.html", "text/html; charset=utf-8"),
                "/dashboard.js", asset(OWN + "dashboard.js", "text/javascript; charset=utf-8"),
                "/dashboard.css", asset(OWN + "dashboard.css", "text/css; charset=utf-8"),
                "/vendor/uPlot.iife.min.js", asset(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
                "/vendor/uPlot.min.css", asset(uplot + "uPlot.min.css", "text/css; charset=utf-8"));
    }

    private static String webJarVersion(String pomProperties) {
        var properties = new Properties();
        try (InputStream in = open(pomProperties)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static Asset asset(String resource, String contentType) {
        try (InputStream in = open(resource)) {
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the jar lacks " + resource + " (a broken build: run `mvn package` again)");
        }
        return in;
    }
}
