package io.logpulse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Items handed from a reading thread to the consuming one: all of them in order, failures and early exits. */
@Timeout(30)
class ReadAheadTest {

    @Test
    void everyRowArrivesInOrder() {
        var seen = new ArrayList<Long>();
        try (var ahead = new ReadAhead<Long>(4)) {
            ahead.start(() -> {
                for (long row = 0; row < 1000; row++) {
                    ahead.put(row);
                }
            });
            ahead.drain(seen::add);
        }
        assertThat(seen).hasSize(1000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theReadersFailureReachesTheConsumer() {
        try (var ahead = new ReadAhead<Long>(4)) {
            ahead.start(() -> {
                ahead.put(1L);
                throw new StoreException("disk gone");
            });
            var seen = new ArrayList<Long>();
            assertThatThrownBy(() -> ahead.drain(seen::add))
                    .isInstanceOf(StoreException.class).hasMessage("disk gone");
            assertThat(seen).containsExactly(1L);
        }
    }

    @Test
    void aConsumerThatGivesUpStopsTheReader() throws InterruptedException {
        var produced = new AtomicInteger();
        var ahead = new ReadAhead<Long>(4);
        ahead.start(() -> {
            for (long row = 0; row < 1_000_000; row++) {
                ahead.put(row);
                produced.incrementAndGet();
            }
        });
        assertThatThrownBy(() -> ahead.drain(row -> {
            throw new IllegalArgumentException("bad block " + row);
        })).hasMessage("bad block 0");
        ahead.close(); // returns only once the reader has stopped
        int atClose = produced.get();
        Thread.sleep(200);
        assertThat(produced.get()).as("rows read after close").isEqualTo(atClose).isLessThan(1_000_000);
    }
}
