package io.paddock.itests.bench;

import java.io.IOException;
import java.time.Duration;
import org.apache.zookeeper.KeeperException;

/** Runs any {@link Load} against one server, given its connect string. */
final class LoadRunner {
    private final String connectString;

    LoadRunner(String connectString) {
        this.connectString = connectString;
    }

    /** Creates the nodes the loads work on. */
    void prepare() throws IOException, InterruptedException, KeeperException {
        try (Sessions s = Sessions.open(connectString, 1)) {
            BenchTree.prepare(s.get(0));
        }
    }

    /** Untimed mixed load, so that the JIT and the caches of server and client are warm. */
    void warmUp(Duration duration, int window) throws IOException, InterruptedException, KeeperException {
        new LoadDriver(connectString).run(new Load.Pipelined(Load.Op.MIX, 8, window), duration);
        new LoadDriver(connectString).run(new Load.Pipelined(Load.Op.CREATE, 8, window), duration.dividedBy(5));
    }

    Measurement run(Load load, Duration duration) throws IOException, InterruptedException, KeeperException {
        if (load instanceof Load.Pipelined p) {
            return new LoadDriver(connectString).run(p, duration);
        }
        if (load instanceof Load.SyncCreate s) {
            return new LoadDriver(connectString).run(s, duration);
        }
        if (load instanceof Load.WatchFanOut w) {
            return new FanOutDriver(connectString).run(w, duration);
        }
        throw new IllegalArgumentException("unknown load " + load);
    }
}
