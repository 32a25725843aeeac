package io.paddock.itests.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.testkit.Loopback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code transport=netty} in zoo.cfg: the distribution starts on the Netty transport and serves the stock client. */
class NettyTransportTest {
    @TempDir
    Path dir;

    @Test
    void aZooCfgNamingNettyStartsTheServerOnIt() throws Exception {
        try (PaddockProcess server = new PaddockProcess(dir, "NettyTransportTest", Loopback.freePort(),
                cfg -> cfg.put("transport", "netty"))) {
            server.start();
            assertThat(server.logged("over netty")).isTrue();
            try (ZooKeeper zk = server.connect()) {
                zk.create("/over-netty", "hi".getBytes(StandardCharsets.UTF_8), Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
                assertThat(zk.getData("/over-netty", false, null)).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(server.fourLetterWord("ruok")).isEqualTo("imok");
        }
    }
}
