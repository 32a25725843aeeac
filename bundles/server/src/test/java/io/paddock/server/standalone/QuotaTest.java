package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.StatsTrack;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quotas with enforceQuota on, set up as zkCli's setquota does (protocol.md sections 7.2, 7.4, 11). */
class QuotaTest {
    private static final String STATS = "/zookeeper/quota/app/zookeeper_stats";

    @TempDir
    Path dir;
    ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir, port -> ServerFixture.builder(dir, port).enforceQuota(true).build());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void create(ZooKeeper zk, String path, String data) throws Exception {
        zk.create(path, data == null ? null : bytes(data), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    /**
     * What zkCli's setquota (SetQuotaCommand.createQuota) creates for a new quota, in its order;
     * called by hand as commons-cli, which that class needs, is not on this classpath.
     */
    private static void setQuota(ZooKeeper zk, String path, StatsTrack limits) throws Exception {
        create(zk, "/zookeeper/quota" + path, null);
        zk.create("/zookeeper/quota" + path + "/zookeeper_limits", limits.getStatsBytes(),
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.create("/zookeeper/quota" + path + "/zookeeper_stats", bytes("count=0,bytes=0"),
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    private static String stats(ZooKeeper zk) throws Exception {
        return new String(zk.getData(STATS, false, null), StandardCharsets.UTF_8);
    }

    @Test
    void createPastTheHardCountLimitFailsWithQuotaExceededAndChangesNothing() throws Exception {
        ZooKeeper zk = fixture.client();
        create(zk, "/app", "ab");
        StatsTrack limit = new StatsTrack();
        limit.setCountHardLimit(3);
        setQuota(zk, "/app", limit);
        assertThat(stats(zk)).isEqualTo("count=1,bytes=2");

        create(zk, "/app/a", null);
        create(zk, "/app/b", "xyz");
        assertThatThrownBy(() -> create(zk, "/app/c", null)).isInstanceOf(KeeperException.QuotaExceededException.class);
        assertThatThrownBy(() -> zk.multi(List.of(Op.create("/app/d", null, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL)))).isInstanceOf(KeeperException.QuotaExceededException.class);
        assertThat(zk.exists("/app/c", false)).isNull();
        assertThat(zk.getChildren("/app", false)).containsExactlyInAnyOrder("a", "b");
        assertThat(stats(zk)).isEqualTo("count=3,bytes=5");

        zk.delete("/app/a", -1);
        create(zk, "/app/c", null);
        assertThat(stats(zk)).isEqualTo("count=3,bytes=5");
    }

    @Test
    void setDataPastTheHardByteLimitFailsBeforeTheVersionCheck() throws Exception {
        ZooKeeper zk = fixture.client();
        create(zk, "/app", null);
        StatsTrack limit = new StatsTrack();
        limit.setByteHardLimit(4);
        setQuota(zk, "/app", limit);

        zk.setData("/app", bytes("1234"), -1);
        assertThatThrownBy(() -> zk.setData("/app", bytes("12345"), 99))
                .isInstanceOf(KeeperException.QuotaExceededException.class);
        assertThatThrownBy(() -> create(zk, "/app/x", "1")).isInstanceOf(KeeperException.QuotaExceededException.class);
        create(zk, "/app/empty", null);
        Stat stat = new Stat();
        assertThat(zk.getData("/app", false, stat)).isEqualTo(bytes("1234"));
        assertThat(stat.getVersion()).isEqualTo(1);
        assertThat(stats(zk)).isEqualTo("count=2,bytes=4");
    }

    @Test
    void softLimitsOnlyWarn() throws Exception {
        ZooKeeper zk = fixture.client();
        create(zk, "/app", null);
        StatsTrack limit = new StatsTrack();
        limit.setCount(1);
        limit.setBytes(1);
        setQuota(zk, "/app", limit);
        create(zk, "/app/a", "many bytes");
        assertThat(stats(zk)).isEqualTo("count=2,bytes=10");
    }

    @Test
    void statsSurviveRestart() throws Exception {
        ZooKeeper zk = fixture.client();
        create(zk, "/app", "ab");
        setQuota(zk, "/app", new StatsTrack("count=10,bytes=100"));
        create(zk, "/app/a", "xyz");
        create(zk, "/app/b", "q");
        fixture.restart();
        ZooKeeper again = fixture.client();
        assertThat(stats(again)).isEqualTo("count=3,bytes=6");
        create(again, "/app/c", null);
        assertThat(stats(again)).isEqualTo("count=4,bytes=6");
    }
}
