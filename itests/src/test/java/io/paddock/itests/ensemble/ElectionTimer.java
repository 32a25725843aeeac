package io.paddock.itests.ensemble;

import io.paddock.api.proto.ConnectResponse;
import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.testkit.RawClient;
import io.paddock.itests.ensemble.Ensemble.Member;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.zookeeper.CreateMode;
import org.awaitility.core.ConditionTimeoutException;

/** How long an ensemble goes without a leader after its leader is SIGKILLed. */
final class ElectionTimer {
    private static final Duration BOUND = Duration.ofSeconds(60);

    private ElectionTimer() {
    }

    /**
     * One kill: {@code untilLeading} from the SIGKILL until a survivor's {@code srvr} says leader,
     * {@code untilWrite} until that leader acknowledged a create (so a quorum follows it).
     */
    record Measure(Member leader, Duration untilLeading, Duration untilWrite) {
    }

    /**
     * SIGKILLs {@code leader} and polls the survivors every 10 ms until one leads and acknowledges a
     * create of {@code path} (a fresh name per attempt) over a raw client; bounded.
     */
    static Measure killLeaderAndMeasure(Ensemble ensemble, Member leader, String path) {
        List<Member> survivors = ensemble.running().stream().filter(m -> m != leader).toList();
        long killedAt = System.nanoTime();
        ensemble.kill(leader);
        long[] leadingAt = {0};
        Member[] newLeader = {null};
        int[] attempt = {0};
        try {
            await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                for (Member m : survivors) {
                    Optional<String> mode = m.mode();
                    if (mode.equals(Optional.of("leader"))) {
                        if (newLeader[0] != m) {
                            newLeader[0] = m;
                            leadingAt[0] = System.nanoTime();
                        }
                        return writes(m, path + "-" + attempt[0]++);
                    }
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no survivor of " + leader + "'s SIGKILL led and acknowledged a write within "
                    + BOUND.toSeconds() + " s; modes " + ensemble.modes() + "\n" + ensemble.logTails(), e);
        }
        long wroteAt = System.nanoTime();
        return new Measure(newLeader[0], Duration.ofNanos(leadingAt[0] - killedAt), Duration.ofNanos(wroteAt - killedAt));
    }

    /** A session, one create, and the session closed again; false if the server would not. */
    private static boolean writes(Member m, String path) {
        try (RawClient client = new RawClient(m.clientPort)) {
            ConnectResponse session = client.connect(4_000);
            if (session.sessionId() == 0) {
                return false;
            }
            client.send(1, OpCode.CREATE, new CreateRequest(path, null, Perms.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT.toFlag()));
            if (client.readReply().header().err() != 0) {
                return false;
            }
            closeQuietly(client);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Closes the session rather than leave it to expire; the create is done whatever happens here. */
    private static void closeQuietly(RawClient client) {
        try {
            client.send(2, OpCode.CLOSE_SESSION, null);
            client.readReply();
        } catch (IOException e) {
            // the session expires by itself
        }
    }

    /** One line: min/median/max of both times over the measures. */
    static String summary(String what, List<Measure> measures) {
        return String.format("election after %s, %d kills: leader reported min/median/max %s / %s / %s ms;"
                        + " first write acknowledged min/median/max %s / %s / %s ms",
                what, measures.size(),
                millis(measures, true, 0), millis(measures, true, 1), millis(measures, true, 2),
                millis(measures, false, 0), millis(measures, false, 1), millis(measures, false, 2));
    }

    private static long millis(List<Measure> measures, boolean leading, int which) {
        List<Long> sorted = measures.stream()
                .map(m -> (leading ? m.untilLeading() : m.untilWrite()).toMillis()).sorted().toList();
        return switch (which) {
            case 0 -> sorted.get(0);
            case 1 -> sorted.get(sorted.size() / 2);
            default -> sorted.get(sorted.size() - 1);
        };
    }
}
