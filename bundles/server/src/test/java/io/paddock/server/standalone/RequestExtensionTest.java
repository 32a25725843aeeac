package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.paddock.api.processor.ClientRequest;
import io.paddock.api.processor.CompletedRequest;
import io.paddock.api.processor.RequestExtension;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.OpCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request extensions: seen at three points, may annotate or reject, come and go while the server runs. */
class RequestExtensionTest {
    @TempDir
    Path dir;
    private ServerFixture fixture;
    private ZooKeeper zk;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir);
        zk = fixture.client();
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private void create(String path) throws Exception {
        zk.create(path, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @Test
    void aRequestRejectedOnReceiptIsAnsweredWithTheCodeInOrderAndGoesNoFurther() throws Exception {
        fixture.extensions().add(new RequestExtension() {
            @Override
            public int received(ClientRequest r) {
                return r.opCode() == OpCode.CREATE && r.path().startsWith("/blocked") ? Code.THROTTLEDOP : PASS;
            }
        }, 0);
        List<CompletableFuture<KeeperException.Code>> replies = new ArrayList<>();
        for (String path : List.of("/a", "/blocked", "/b")) {
            CompletableFuture<KeeperException.Code> f = new CompletableFuture<>();
            zk.create(path, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                    (rc, p, ctx, name) -> f.complete(KeeperException.Code.get(rc)), null);
            replies.add(f);
        }
        assertThat(replies.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(KeeperException.Code.OK);
        assertThat(replies.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(KeeperException.Code.THROTTLEDOP);
        assertThat(replies.get(2).get(10, TimeUnit.SECONDS)).isEqualTo(KeeperException.Code.OK);
        assertThat(zk.exists("/blocked", false)).isNull();
        assertThat(zk.exists("/b", false).getCzxid()).as("the rejected create used no zxid")
                .isEqualTo(zk.exists("/a", false).getCzxid() + 1);
    }

    @Test
    void aWriteRejectedBeforePrepUsesNoZxidAndReadsAreSeenToo() throws Exception {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        fixture.extensions().add(new RequestExtension() {
            @Override
            public int beforePrep(ClientRequest r) {
                seen.add(r.opCode());
                return "/forbidden".equals(r.path()) ? Code.NOAUTH : PASS;
            }
        }, 0);
        create("/a");
        assertThatThrownBy(() -> create("/forbidden")).isInstanceOf(KeeperException.NoAuthException.class);
        create("/b");
        zk.getData("/a", false, null);
        assertThat(zk.exists("/b", false).getCzxid()).isEqualTo(zk.exists("/a", false).getCzxid() + 1);
        assertThat(seen).containsSubsequence(OpCode.CREATE, OpCode.CREATE, OpCode.CREATE, OpCode.GET_DATA);
    }

    @Test
    void completedRequestsCarryTheirResultAndTheAnnotationsMadeOnTheWay() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        fixture.extensions().add(new RequestExtension() {
            @Override
            public int received(ClientRequest r) {
                r.attributes().put("seen-by", "receipt");
                return PASS;
            }

            @Override
            public void completed(CompletedRequest r) {
                log.add(OpCode.name(r.opCode()) + " " + r.paths() + " err=" + r.err() + " committed=" + r.committed()
                        + " zxid>0=" + (r.zxid() > 0) + " " + r.attributes().get("seen-by")
                        + " ids=" + r.authIds().size() + " from=" + (r.remoteAddress() != null));
            }
        }, 0);
        create("/a");
        assertThatThrownBy(() -> create("/a")).isInstanceOf(KeeperException.NodeExistsException.class);
        zk.multi(List.of(Op.create("/m1", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.setData("/a", new byte[1], -1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 3);
        assertThat(log).containsExactly(
                "create [/a] err=0 committed=true zxid>0=true receipt ids=1 from=true",
                "create [/a] err=-110 committed=false zxid>0=true receipt ids=1 from=true",
                "multi [/m1, /a] err=0 committed=true zxid>0=true receipt ids=1 from=true");
    }

    @Test
    void extensionsRunByRankingAndOneThatThrowsLetsTheRequestGoOn() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        fixture.extensions().add(new Recording("low", order), -5);
        fixture.extensions().add(new RequestExtension() {
            @Override
            public int received(ClientRequest r) {
                throw new IllegalStateException("a buggy extension");
            }
        }, 3);
        fixture.extensions().add(new Recording("high", order), 10);
        create("/a");
        assertThat(order).containsExactly("high", "low");
    }

    private record Recording(String name, List<String> order) implements RequestExtension {
        @Override
        public int received(ClientRequest r) {
            order.add(name);
            return PASS;
        }
    }

    @Test
    void extensionsComeAndGoWhileAClientWritesAndNoRequestIsLostOrReordered() throws Exception {
        AtomicInteger observed = new AtomicInteger();
        RequestExtension counter = new RequestExtension() {
            @Override
            public void completed(CompletedRequest r) {
                observed.incrementAndGet();
            }
        };
        List<String> created = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                try {
                    created.add(zk.create("/seq-", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
                } catch (Exception e) {
                    failures.incrementAndGet();
                    return;
                }
            }
        });
        writer.start();
        try {
            for (int i = 0; i < 20; i++) {
                fixture.extensions().add(counter, i % 3);
                await().atMost(Duration.ofSeconds(5)).until(() -> observed.get() > 0);
                fixture.extensions().remove(counter);
                observed.set(0);
            }
        } finally {
            writing.set(false);
            writer.join(10_000);
        }
        assertThat(failures).hasValue(0);
        assertThat(created).isSorted().doesNotHaveDuplicates();
        assertThat(zk.getChildren("/", false).stream().filter(c -> c.startsWith("seq-")).count())
                .isEqualTo(created.size());
    }
}
