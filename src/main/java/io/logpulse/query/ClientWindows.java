package io.logpulse.query;

import io.logpulse.model.BlockCodec;
import io.logpulse.model.Counts;
import io.logpulse.model.SlotCounts;
import io.logpulse.model.TextDictionary;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Every client's requests per window in a range, from the stored cells
 * ({@link io.logpulse.store.TrafficReader#eachCell}): a day of 50,000 clients is ~750,000 (address,
 * row) pairs and 3 million cells. JFR showed a String and a HashMap lookup per address and row, two
 * arrays grown per client and a boxed sort per client taking most of {@code spikes}; and once those
 * were gone, a garbage collection copying 80-100 MB of cells (0.3 s). So a client is numbered by
 * its address bytes, and its cells of one row are a run in pages of ints: a header, then one int
 * per cell.
 */
final class ClientWindows {

    /**
     * Receives one client's windows, each once: {@code windows[i]} (see {@link #windowStart}) had
     * {@code requests[i]}, for i below {@code size}. The arrays are reused for the next client.
     */
    @FunctionalInterface
    interface ClientVisitor {
        void visit(int client, int[] windows, long[] requests, int size);
    }

    /** A cell: {@code requests << SLOT_BITS | slot}. */
    private static final int SLOT_BITS = 6;
    private static final int SLOT_MASK = (1 << SLOT_BITS) - 1;
    /** The most requests one cell holds; a row's window with more is added as several cells. */
    private static final long MOST_PER_CELL = Integer.MAX_VALUE >>> SLOT_BITS;
    /**
     * Per client, {@link #CLIENT} ints: where its newest run starts (-1 before the first), the block
     * of that run, and the requests of its busiest window: those of its busiest cell while its
     * windows are all different, {@link #UNKNOWN} once two of its runs may hold the same window (two
     * rows of one block, from two file generations, or rows out of block order).
     */
    private static final int LAST_RUN = 0;
    private static final int LAST_BLOCK = 1;
    private static final int MOST = 2;
    private static final int CLIENT = 3;
    private static final int UNKNOWN = Integer.MAX_VALUE;
    /** A run's header: its block number, its client's previous run (-1 for none), its number of cells. */
    private static final int BLOCK = 0;
    private static final int PREVIOUS_RUN = 1;
    private static final int LENGTH = 2;
    private static final int HEADER = 3;

    private final long fromMillis;
    private final long toMillis;
    private final long windowMillis;
    private final TextDictionary addresses = new TextDictionary();
    private int[] clients = new int[1024 * CLIENT];
    private final IntPages runs = new IntPages();
    /** The run cells are being added to (-1 before the first); its length is written when the next starts. */
    private int openRun = -1;
    private final Map<Long, Integer> blockNumbers = new HashMap<>();
    private long[] blockStarts = new long[64];

    ClientWindows(TimeRange range, long windowMillis) {
        this.fromMillis = range.fromMillis();
        this.toMillis = range.toMillis();
        this.windowMillis = windowMillis;
    }

    /** The visitor of one stored row's cells: those of windows inside the range are added to their clients. */
    BlockCodec.CellVisitor row(long blockStart) {
        int block = blockNumber(blockStart);
        return new BlockCodec.CellVisitor() {
            private int addressStart = -1;
            private int client;

            @Override
            public void visit(byte[] packed, int start, int length, int slot, long[] counts, int at) {
                long window = blockStart + slot * windowMillis;
                if (window < fromMillis || window >= toMillis) {
                    return;
                }
                if (start != addressStart) {
                    addressStart = start;
                    client = client(packed, start, length);
                    startRun(client, block);
                }
                add(client, slot, counts[at + Counts.REQUESTS]);
            }
        };
    }

    /** Clients with at least one request in the range. */
    int clients() {
        return addresses.size();
    }

    String ip(int client) {
        return addresses.latin1(client);
    }

    /** The start of a window as {@link #eachClientReaching} numbers it (block number × 60 + slot). */
    long windowStart(int window) {
        return blockStarts[window / SlotCounts.SLOTS] + window % SlotCounts.SLOTS * windowMillis;
    }

    /**
     * The windows of every client that made at least {@code least} requests in one of them, the
     * requests of a window that several rows hold summed. The others are skipped unmerged when their
     * windows cannot repeat: their busiest cell is then their busiest window.
     */
    void eachClientReaching(long least, ClientVisitor visitor) {
        closeRun();
        long[] cells = new long[0];
        int[] windows = new int[0];
        long[] requests = new long[0];
        for (int client = 0; client < clients(); client++) {
            int most = clients[client * CLIENT + MOST];
            if (most != UNKNOWN && most < least) {
                continue;
            }
            int size = 0;
            for (int run = clients[client * CLIENT + LAST_RUN]; run >= 0; run = runs.get(run + PREVIOUS_RUN)) {
                int end = run + HEADER + runs.get(run + LENGTH);
                if (cells.length < size + end - run) {
                    cells = Arrays.copyOf(cells, Math.max(cells.length * 2, size + end - run));
                    windows = new int[cells.length];
                    requests = new long[cells.length];
                }
                long firstWindow = (long) runs.get(run + BLOCK) * SlotCounts.SLOTS;
                for (int at = run + HEADER; at < end; at++) {
                    int cell = runs.get(at);
                    cells[size++] = (firstWindow + (cell & SLOT_MASK)) << 32 | cell >>> SLOT_BITS;
                }
            }
            Arrays.sort(cells, 0, size); // a window's cells together
            int n = 0;
            long merged = 0;
            for (int i = 0; i < size; i++) {
                int window = (int) (cells[i] >>> 32);
                long cellRequests = cells[i] & 0xFFFF_FFFFL;
                if (n > 0 && windows[n - 1] == window) {
                    requests[n - 1] += cellRequests;
                } else {
                    windows[n] = window;
                    requests[n++] = cellRequests;
                }
                merged = Math.max(merged, requests[n - 1]);
            }
            if (merged >= least) {
                visitor.visit(client, windows, requests, n);
            }
        }
    }

    private int blockNumber(long blockStart) {
        return blockNumbers.computeIfAbsent(blockStart, start -> {
            int number = blockNumbers.size();
            if (number == blockStarts.length) {
                blockStarts = Arrays.copyOf(blockStarts, number * 2);
            }
            blockStarts[number] = start;
            return number;
        });
    }

    private int client(byte[] packed, int start, int length) {
        int known = clients();
        int client = addresses.intern(packed, start, start + length);
        if (client == known) {
            int at = client * CLIENT;
            if (at == clients.length) {
                clients = Arrays.copyOf(clients, at * 2);
            }
            clients[at + LAST_RUN] = -1;
            clients[at + LAST_BLOCK] = -1;
        }
        return client;
    }

    private void startRun(int client, int block) {
        closeRun();
        int at = client * CLIENT;
        openRun = runs.size();
        runs.add(block);
        runs.add(clients[at + LAST_RUN]);
        runs.add(0);
        clients[at + LAST_RUN] = openRun;
        if (block <= clients[at + LAST_BLOCK]) {
            clients[at + MOST] = UNKNOWN;
        }
        clients[at + LAST_BLOCK] = block;
    }

    private void closeRun() {
        if (openRun >= 0) {
            runs.set(openRun + LENGTH, runs.size() - openRun - HEADER);
        }
    }

    private void add(int client, int slot, long requests) {
        int most = client * CLIENT + MOST;
        if (requests > MOST_PER_CELL) {
            // Never seen: added in parts, which make the client's windows look repeated and are summed back.
            clients[most] = UNKNOWN;
            for (; requests > MOST_PER_CELL; requests -= MOST_PER_CELL) {
                runs.add((int) (MOST_PER_CELL << SLOT_BITS) | slot);
            }
        } else if (requests > clients[most]) {
            clients[most] = (int) requests;
        }
        runs.add((int) (requests << SLOT_BITS) | slot);
    }
}
