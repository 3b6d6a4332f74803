package io.logpulse.discover.docker;

import java.io.Serializable;

/**
 * Where {@code run --docker} records what a source label stands for: its container, image and
 * compose service. Called by {@link DockerLogFinder} where it runs (the tail source's enumerator)
 * when a label's container is first seen or changes; it must not throw for long.
 */
@FunctionalInterface
public interface ContainerCatalog extends Serializable {

    void record(String source, ContainerInfo container);

    /** Records nothing. */
    static ContainerCatalog none() {
        return (source, container) -> { };
    }
}
