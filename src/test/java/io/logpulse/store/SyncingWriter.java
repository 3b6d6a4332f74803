package io.logpulse.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * Writes to H2 the way logpulse's sinks do, until it is killed: one connection rewrites large rows
 * (traffic blocks), another inserts rows in small transactions and now and then makes them durable
 * with {@code CHECKPOINT SYNC} (as a Flink checkpoint does), printing {@code synced N} once every
 * row up to N must survive anything. Run by {@link StoreDurabilityIT} as a child process.
 */
public final class SyncingWriter {

    private SyncingWriter() {
    }

    public static void main(String[] args) throws Exception {
        String url = new DatabaseLocation(args[0]).jdbcUrl();
        var random = new Random(Long.parseLong(args[1]));
        try (Connection rows = DriverManager.getConnection(url); Connection blocks = DriverManager.getConnection(url)) {
            try (Statement create = rows.createStatement()) {
                create.execute("CREATE TABLE IF NOT EXISTS synced_row (id BIGINT PRIMARY KEY, data VARBINARY)");
                create.execute("CREATE TABLE IF NOT EXISTS rewritten_block (id INT PRIMARY KEY, data VARBINARY)");
            }
            Thread rewriter = new Thread(() -> rewriteBlocks(blocks, new Random(random.nextLong())), "rewriter");
            rewriter.setDaemon(true);
            rewriter.start();
            insertAndSync(rows, random);
        }
    }

    private static void insertAndSync(Connection connection, Random random) throws SQLException, InterruptedException {
        long next;
        try (ResultSet last = connection.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) FROM synced_row")) {
            last.next();
            next = last.getLong(1) + 1;
        }
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO synced_row VALUES (?, ?)");
                Statement sync = connection.createStatement()) {
            while (true) {
                for (int i = random.nextInt(5); i >= 0; i--) {
                    insert.setLong(1, next++);
                    insert.setBytes(2, randomBytes(random, 100 + random.nextInt(8_000)));
                    insert.executeUpdate();
                }
                connection.commit();
                if (random.nextInt(3) == 0) {
                    sync.execute("CHECKPOINT SYNC");
                    System.out.println("synced " + (next - 1));
                    System.out.flush();
                }
                Thread.sleep(random.nextInt(100));
            }
        }
    }

    private static void rewriteBlocks(Connection connection, Random random) {
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO rewritten_block KEY (id) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            while (true) {
                for (int i = 0; i < 20; i++) {
                    merge.setInt(1, random.nextInt(200));
                    merge.setBytes(2, randomBytes(random, 20_000 + random.nextInt(40_000)));
                    merge.executeUpdate();
                }
                connection.commit();
                Thread.sleep(random.nextInt(300));
            }
        } catch (SQLException | InterruptedException e) {
            // The main thread's rows are what is checked; this one only has to keep H2 busy.
            e.printStackTrace();
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
