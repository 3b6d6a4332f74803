package io.logpulse.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rows handed from a reading thread to the consuming one: all of them in order, failures and early exits. */
@Timeout(30)
class ReadAheadTest {

    @Test
    void everyRowArrivesInOrder() {
        var seen = new ArrayList<Long>();
        try (var ahead = new ReadAhead()) {
            ahead.start(() -> {
                for (long row = 0; row < 1000; row++) {
                    ahead.put(row, new byte[] {(byte) row});
                }
            });
            ahead.drain((blockStart, packed) -> {
                assertThat(packed[0]).isEqualTo((byte) blockStart);
                seen.add(blockStart);
            });
        }
        assertThat(seen).hasSize(1000).isSorted();
    }

    @Test
    void theReadersFailureReachesTheConsumer() {
        try (var ahead = new ReadAhead()) {
            ahead.start(() -> {
                ahead.put(1, new byte[0]);
                throw new StoreException("disk gone");
            });
            var seen = new ArrayList<Long>();
            assertThatThrownBy(() -> ahead.drain((blockStart, packed) -> seen.add(blockStart)))
                    .isInstanceOf(StoreException.class).hasMessage("disk gone");
            assertThat(seen).containsExactly(1L);
        }
    }

    @Test
    void aConsumerThatGivesUpStopsTheReader() throws InterruptedException {
        var produced = new AtomicInteger();
        var ahead = new ReadAhead();
        ahead.start(() -> {
            for (long row = 0; row < 1_000_000; row++) {
                ahead.put(row, new byte[0]);
                produced.incrementAndGet();
            }
        });
        assertThatThrownBy(() -> ahead.drain((blockStart, packed) -> {
            throw new IllegalArgumentException("bad block " + blockStart);
        })).hasMessage("bad block 0");
        ahead.close(); // returns only once the reader has stopped
        int atClose = produced.get();
        Thread.sleep(200);
        assertThat(produced.get()).as("rows read after close").isEqualTo(atClose).isLessThan(1_000_000);
    }
}
