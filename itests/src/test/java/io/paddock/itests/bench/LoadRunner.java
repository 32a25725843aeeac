package io.paddock.itests.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.KeeperException;

/**
 * Runs any {@link Load} against one server, given its connect string, or against the members of
 * an ensemble, spreading the sessions over them (each session connected to one member).
 */
final class LoadRunner {
    private final List<String> servers;

    LoadRunner(String connectString) {
        this(List.of(connectString));
    }

    /** @param servers the connect strings of the servers to spread sessions over */
    LoadRunner(List<String> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server to run loads on");
        }
        this.servers = List.copyOf(servers);
    }

    /**
     * Creates the nodes the loads work on through the first server, then waits (bounded) until
     * every server has them: a member of an ensemble answers reads from its own copy, which may
     * lag behind the write that made them.
     */
    void prepare() throws IOException, InterruptedException, KeeperException {
        try (Sessions s = Sessions.open(servers.get(0), 1)) {
            BenchTree.prepare(s.get(0));
        }
        try (Sessions each = Sessions.open(servers, servers.size())) {
            for (int i = 0; i < each.size(); i++) {
                BenchTree.awaitPrepared(each.get(i), servers.get(i));
            }
        }
    }

    /**
     * Untimed mixed load, then creates, from 8 sessions per server, so that the JIT and the
     * caches of servers and client are warm.
     */
    void warmUp(Duration duration, int window) throws IOException, InterruptedException, KeeperException {
        int sessions = 8 * servers.size();
        new LoadDriver(servers).run(new Load.Pipelined(Load.Op.MIX, sessions, window), duration);
        new LoadDriver(servers).run(new Load.Pipelined(Load.Op.CREATE, sessions, window), duration.dividedBy(5));
    }

    Measurement run(Load load, Duration duration) throws IOException, InterruptedException, KeeperException {
        if (load instanceof Load.Pipelined p) {
            return new LoadDriver(servers).run(p, duration);
        }
        if (load instanceof Load.SyncCreate s) {
            return new LoadDriver(servers).run(s, duration);
        }
        if (load instanceof Load.WatchFanOut w) {
            return new FanOutDriver(servers).run(w, duration);
        }
        throw new IllegalArgumentException("unknown load " + load);
    }
}
