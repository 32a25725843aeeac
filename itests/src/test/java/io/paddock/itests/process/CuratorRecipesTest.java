package io.paddock.itests.process;

import io.paddock.api.testkit.Loopback;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.atomic.AtomicValue;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.framework.recipes.atomic.PromotedToLock;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.curator.framework.recipes.barriers.DistributedDoubleBarrier;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderSelector;
import org.apache.curator.framework.recipes.leader.LeaderSelectorListenerAdapter;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.nodes.GroupMember;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.recipes.nodes.PersistentTtlNode;
import org.apache.curator.framework.recipes.shared.SharedCount;
import org.apache.curator.framework.recipes.shared.SharedCountListener;
import org.apache.curator.framework.recipes.shared.SharedCountReader;
import org.apache.curator.framework.recipes.shared.VersionedValue;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.x.discovery.ServiceCache;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Curator 5.9 recipes people build on, each against the real distribution and each under its
 * own base path: leader election, caches on persistent recursive watches, persistent and TTL
 * nodes, counters, locks, barriers, group membership and service discovery.
 */
class CuratorRecipesTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Duration NOT_YET = Duration.ofMillis(300);
    /** How often the server looks for expired TTL nodes and empty containers. */
    private static final int REAPER_INTERVAL_MS = 250;

    @TempDir
    static Path dir;
    static PaddockProcess server;

    private final List<CuratorFramework> clients = new ArrayList<>();
    private final List<AutoCloseable> recipes = new ArrayList<>();
    private CuratorFramework client;

    @BeforeAll
    static void start() {
        // TTL nodes need extendedTypesEnabled; a short reaper interval lets expired TTL nodes and
        // their emptied container go within the test's bound (ZooKeeper's default is a minute).
        server = new PaddockProcess(dir, "CuratorRecipesTest", Loopback.freePort(), cfg -> {
            cfg.put("extendedTypesEnabled", "true");
            cfg.put("znode.container.checkIntervalMs", Integer.toString(REAPER_INTERVAL_MS));
        });
        try {
            server.start();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void connect() throws InterruptedException {
        client = newClient();
    }

    /** Recipes first, newest first, so that each leaves the tree while its client is still up. */
    @AfterEach
    void closeAll() throws Exception {
        for (int i = recipes.size() - 1; i >= 0; i--) {
            recipes.get(i).close();
        }
        for (int i = clients.size() - 1; i >= 0; i--) {
            clients.get(i).close();
        }
    }

    private CuratorFramework newClient() throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(server.connectString())
                .sessionTimeoutMs(30_000)
                .connectionTimeoutMs(15_000)
                .retryPolicy(new ExponentialBackoffRetry(100, 5))
                .build();
        clients.add(c);
        c.start();
        if (!c.blockUntilConnected(30, TimeUnit.SECONDS)) {
            throw new AssertionError("curator did not connect within 30 s; " + server.logTail());
        }
        return c;
    }

    private <T extends AutoCloseable> T closedAfter(T recipe) {
        recipes.add(recipe);
        return recipe;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    // --- leader election ----------------------------------------------------------------------

    /** Leads until released; counts how many contenders lead at once. */
    private static final class Contender extends LeaderSelectorListenerAdapter {
        private final AtomicInteger leadersNow;
        private final AtomicInteger mostLeadersAtOnce;
        private final CountDownLatch release = new CountDownLatch(1);
        private final CountDownLatch took = new CountDownLatch(1);

        Contender(AtomicInteger leadersNow, AtomicInteger mostLeadersAtOnce) {
            this.leadersNow = leadersNow;
            this.mostLeadersAtOnce = mostLeadersAtOnce;
        }

        @Override
        public void takeLeadership(CuratorFramework c) throws InterruptedException {
            mostLeadersAtOnce.accumulateAndGet(leadersNow.incrementAndGet(), Math::max);
            took.countDown();
            try {
                release.await();
            } finally {
                leadersNow.decrementAndGet();
            }
        }

        boolean hasLed() {
            return took.getCount() == 0;
        }
    }

    /**
     * Curator makes a recipe's parent a container: once empty, the server's reaper (every
     * {@value #REAPER_INTERVAL_MS} ms here) may already have removed it, which is as empty as it gets.
     */
    private boolean noChildrenLeft(String path) throws Exception {
        try {
            return client.getChildren().forPath(path).isEmpty();
        } catch (KeeperException.NoNodeException reaped) {
            return true;
        }
    }

    @Test
    void leaderSelectorLetsOneOfTwoLeadAndHandsOverWhenTheLeaderReleases() throws Exception {
        CuratorFramework other = newClient();
        AtomicInteger leadersNow = new AtomicInteger();
        AtomicInteger mostLeadersAtOnce = new AtomicInteger();
        Contender firstContender = new Contender(leadersNow, mostLeadersAtOnce);
        Contender secondContender = new Contender(leadersNow, mostLeadersAtOnce);
        LeaderSelector first = closedAfter(new LeaderSelector(client, "/selector", firstContender));
        LeaderSelector second = closedAfter(new LeaderSelector(other, "/selector", secondContender));
        first.setId("first");
        second.setId("second");
        first.start();
        second.start();

        await().atMost(BOUND).until(() -> firstContender.hasLed() || secondContender.hasLed());
        boolean firstLeads = firstContender.hasLed();
        Contender leader = firstLeads ? firstContender : secondContender;
        Contender follower = firstLeads ? secondContender : firstContender;
        LeaderSelector leaderSelector = firstLeads ? first : second;
        LeaderSelector followerSelector = firstLeads ? second : first;
        assertThat(leaderSelector.hasLeadership()).isTrue();
        assertThat(followerSelector.hasLeadership()).isFalse();
        assertThat(followerSelector.getLeader().getId()).isEqualTo(leaderSelector.getId());
        assertThat(followerSelector.getParticipants()).hasSize(2);

        leader.release.countDown();

        assertThat(follower.took.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("follower takes over").isTrue();
        assertThat(followerSelector.hasLeadership()).isTrue();
        await().atMost(BOUND).until(() -> !leaderSelector.hasLeadership());
        assertThat(followerSelector.getLeader().getId()).isEqualTo(followerSelector.getId());
        follower.release.countDown();
        // Without requeueing, each has left the election once its leadership ended.
        await().atMost(BOUND).until(() -> noChildrenLeft("/selector"));
        assertThat(mostLeadersAtOnce).as("leaders at the same time").hasValue(1);
    }

    // --- CuratorCache (persistent recursive watches) ------------------------------------------

    private record CacheEvent(CuratorCacheListener.Type type, String path, String oldData, String data) {
        static CacheEvent of(CuratorCacheListener.Type type, ChildData oldData, ChildData data) {
            ChildData any = data != null ? data : oldData;
            return new CacheEvent(type, any.getPath(), text(oldData), text(data));
        }

        private static String text(ChildData d) {
            return d == null || d.getData() == null ? null : new String(d.getData(), UTF_8);
        }
    }

    @Test
    void curatorCacheSeesExistingNodesThenCreateUpdateAndDeleteInOrder() throws Exception {
        client.create().creatingParentsIfNeeded().forPath("/cache/a", bytes("a0"));
        client.create().forPath("/cache/b", bytes("b0"));
        client.create().forPath("/cache/b/c", bytes("c0"));
        client.setData().forPath("/cache", bytes("root"));
        List<CacheEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch initialized = new CountDownLatch(1);
        CuratorCache cache = closedAfter(CuratorCache.build(newClient(), "/cache"));
        cache.listenable().addListener(new CuratorCacheListener() {
            @Override
            public void event(Type type, ChildData oldData, ChildData data) {
                events.add(CacheEvent.of(type, oldData, data));
            }

            @Override
            public void initialized() {
                initialized.countDown();
            }
        });
        cache.start();

        assertThat(initialized.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("initialized").isTrue();
        assertThat(events).containsExactlyInAnyOrder(
                new CacheEvent(CuratorCacheListener.Type.NODE_CREATED, "/cache", null, "root"),
                new CacheEvent(CuratorCacheListener.Type.NODE_CREATED, "/cache/a", null, "a0"),
                new CacheEvent(CuratorCacheListener.Type.NODE_CREATED, "/cache/b", null, "b0"),
                new CacheEvent(CuratorCacheListener.Type.NODE_CREATED, "/cache/b/c", null, "c0"));
        events.clear();

        // One change at a time: back to back, the cache may rightly fold a create and an update
        // into one event, since it reads the data after the notification.
        List<CacheEvent> expected = List.of(
                new CacheEvent(CuratorCacheListener.Type.NODE_CREATED, "/cache/d", null, "d0"),
                new CacheEvent(CuratorCacheListener.Type.NODE_CHANGED, "/cache/d", "d0", "d1"),
                new CacheEvent(CuratorCacheListener.Type.NODE_CREATED, "/cache/b/c/e", null, "e0"),
                new CacheEvent(CuratorCacheListener.Type.NODE_CHANGED, "/cache/a", "a0", "a1"),
                new CacheEvent(CuratorCacheListener.Type.NODE_DELETED, "/cache/d", "d1", null),
                new CacheEvent(CuratorCacheListener.Type.NODE_DELETED, "/cache/b/c/e", "e0", null));
        List<ThrowingRunnable> changes = List.of(
                () -> client.create().forPath("/cache/d", bytes("d0")),
                () -> client.setData().forPath("/cache/d", bytes("d1")),
                () -> client.create().forPath("/cache/b/c/e", bytes("e0")),
                () -> client.setData().forPath("/cache/a", bytes("a1")),
                () -> client.delete().forPath("/cache/d"),
                () -> client.delete().forPath("/cache/b/c/e"));
        for (int i = 0; i < changes.size(); i++) {
            changes.get(i).run();
            int seen = i + 1;
            await().atMost(BOUND).until(() -> events.size() >= seen);
        }

        assertThat(events).containsExactlyElementsOf(expected);
        assertThat(cache.stream().map(ChildData::getPath))
                .containsExactlyInAnyOrder("/cache", "/cache/a", "/cache/b", "/cache/b/c");
        assertThat(cache.get("/cache/a")).hasValueSatisfying(d -> assertThat(d.getData()).isEqualTo(bytes("a1")));
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    // --- persistent nodes ---------------------------------------------------------------------

    @Test
    void ephemeralPersistentNodeIsRecreatedAfterDeletionAndAfterItsSessionExpires() throws Exception {
        CuratorFramework owner = newClient();
        List<ConnectionState> ownerStates = new CopyOnWriteArrayList<>();
        owner.getConnectionStateListenable().addListener((c, state) -> ownerStates.add(state));
        PersistentNode node = closedAfter(new PersistentNode(owner, CreateMode.EPHEMERAL, false,
                "/persistent/member", bytes("here")));
        node.start();
        assertThat(node.waitForInitialCreate(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        ZooKeeper firstHandle = owner.getZookeeperClient().getZooKeeper();
        long firstSession = firstHandle.getSessionId();
        assertThat(client.checkExists().forPath("/persistent/member").getEphemeralOwner()).isEqualTo(firstSession);

        client.delete().forPath("/persistent/member");

        await().atMost(BOUND).untilAsserted(() -> {
            Stat stat = client.checkExists().forPath("/persistent/member");
            assertThat(stat).as("re-created").isNotNull();
            assertThat(stat.getEphemeralOwner()).isEqualTo(firstSession);
        });

        // A real expiry on the server: a second handle takes the session over (the server drops
        // the owner's connection) and closes it; the owner then hears Expired on reconnecting.
        expire(firstHandle);

        await().atMost(BOUND).untilAsserted(() -> {
            Stat stat = client.checkExists().forPath("/persistent/member");
            assertThat(stat).as("re-created in the new session").isNotNull();
            assertThat(stat.getEphemeralOwner()).isNotEqualTo(firstSession)
                    .isEqualTo(owner.getZookeeperClient().getZooKeeper().getSessionId());
        });
        assertThat(ownerStates).contains(ConnectionState.LOST, ConnectionState.RECONNECTED);
        assertThat(client.getData().forPath("/persistent/member")).isEqualTo(bytes("here"));
    }

    /** Ends the session of {@code handle} on the server, as a session timeout would. */
    private static void expire(ZooKeeper handle) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper thief = new ZooKeeper(server.connectString(), 30_000, e -> {
            if (e.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, handle.getSessionId(), handle.getSessionPasswd());
        try {
            assertThat(connected.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("took the session over").isTrue();
        } finally {
            thief.close();
        }
    }

    @Test
    void persistentTtlNodeStaysWhileTouchedAndGoesOnceClosed() throws Exception {
        long ttlMs = 1_500;
        PersistentTtlNode node = new PersistentTtlNode(client, "/ttl/node", ttlMs, bytes("alive"));
        node.start();
        try {
            assertThat(node.waitForInitialCreate(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(client.getData().forPath("/ttl/node")).isEqualTo(bytes("alive"));
            // Longer than the TTL: without the recipe's touches the reaper would have taken it.
            await().during(Duration.ofMillis(ttlMs + 4L * REAPER_INTERVAL_MS)).atMost(BOUND)
                    .until(() -> client.checkExists().forPath("/ttl/node/" + PersistentTtlNode.DEFAULT_CHILD_NODE_NAME) != null);
        } finally {
            node.close();
        }

        // The touched child expires, then its container is reaped once empty.
        await().atMost(BOUND).until(() -> client.checkExists().forPath("/ttl/node") == null);
    }

    // --- counters ---------------------------------------------------------------------------

    @Test
    void distributedAtomicLongCountsEveryConcurrentIncrementFromTwoClientsExactlyOnce() throws Exception {
        int perClient = 50;
        List<CuratorFramework> both = List.of(client, newClient());
        ExecutorService pool = Executors.newFixedThreadPool(both.size());
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (CuratorFramework c : both) {
                DistributedAtomicLong counter = new DistributedAtomicLong(c, "/atomic/counter",
                        new RetryNTimes(100, 5),
                        PromotedToLock.builder().lockPath("/atomic/lock").retryPolicy(new RetryNTimes(100, 5))
                                .timeout(BOUND.toSeconds(), TimeUnit.SECONDS).build());
                results.add(pool.submit(() -> {
                    List<Long> seen = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        AtomicValue<Long> v = counter.increment();
                        assertThat(v.succeeded()).as("increment %d", i).isTrue();
                        assertThat(v.postValue()).isEqualTo(v.preValue() + 1);
                        seen.add(v.postValue());
                    }
                    return seen;
                }));
            }
            List<Long> allSeen = new ArrayList<>();
            for (Future<List<Long>> r : results) {
                allSeen.addAll(r.get(BOUND.toSeconds(), TimeUnit.SECONDS));
            }

            long total = 2L * perClient;
            // Each value was the result of exactly one increment: none lost, none counted twice.
            assertThat(allSeen).containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, total).boxed().collect(Collectors.toList()));
            AtomicValue<Long> last = new DistributedAtomicLong(client, "/atomic/counter", new RetryNTimes(3, 10)).get();
            assertThat(last.succeeded()).isTrue();
            assertThat(last.postValue()).isEqualTo(total);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void sharedCountSetsOnlyFromTheCurrentVersionAndTellsTheOtherClient() throws Exception {
        SharedCount mine = closedAfter(new SharedCount(client, "/shared/count", 0));
        SharedCount theirs = closedAfter(new SharedCount(newClient(), "/shared/count", 0));
        List<Integer> mineHeard = new CopyOnWriteArrayList<>();
        List<Integer> theirsHeard = new CopyOnWriteArrayList<>();
        mine.addListener(listener(mineHeard));
        theirs.addListener(listener(theirsHeard));
        mine.start();
        theirs.start();
        VersionedValue<Integer> initial = mine.getVersionedValue();
        assertThat(initial.getValue()).isZero();

        assertThat(mine.trySetCount(initial, 5)).isTrue();
        assertThat(theirs.trySetCount(initial, 7)).as("set from a stale version").isFalse();

        await().atMost(BOUND).until(() -> theirs.getCount() == 5);
        await().atMost(BOUND).until(() -> theirsHeard.contains(5));
        VersionedValue<Integer> seen = theirs.getVersionedValue();
        assertThat(seen.getVersion()).isEqualTo(initial.getVersion() + 1);
        assertThat(theirs.trySetCount(seen, 9)).isTrue();
        await().atMost(BOUND).until(() -> mineHeard.contains(9));
        assertThat(mine.getCount()).isEqualTo(9);
        assertThat(theirsHeard).doesNotContain(7);
        assertThat(client.getData().forPath("/shared/count")).isEqualTo(new byte[] {0, 0, 0, 9});
    }

    private static SharedCountListener listener(List<Integer> heard) {
        return new SharedCountListener() {
            @Override
            public void countHasChanged(SharedCountReader reader, int newCount) {
                heard.add(newCount);
            }

            @Override
            public void stateChanged(CuratorFramework c, ConnectionState newState) {
                // connection changes are not what this test is about
            }
        };
    }

    // --- locks and barriers -----------------------------------------------------------------

    @Test
    void readWriteLockWriterExcludesReadersAndReadersShareButExcludeWriters() throws Exception {
        InterProcessReadWriteLock writerSide = new InterProcessReadWriteLock(client, "/rwlock");
        InterProcessReadWriteLock readerSide = new InterProcessReadWriteLock(newClient(), "/rwlock");
        InterProcessReadWriteLock secondReaderSide = new InterProcessReadWriteLock(newClient(), "/rwlock");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertThat(writerSide.writeLock().acquire(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(readerSide.readLock().acquire(NOT_YET.toMillis(), TimeUnit.MILLISECONDS))
                    .as("read while written").isFalse();
            Future<Boolean> waitingReader =
                    pool.submit(() -> readerSide.readLock().acquire(BOUND.toSeconds(), TimeUnit.SECONDS));
            await().atMost(BOUND).until(() -> client.getChildren().forPath("/rwlock").size() == 2);
            assertThat(waitingReader).isNotDone();

            writerSide.writeLock().release();

            assertThat(waitingReader.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("reader after the writer").isTrue();
            assertThat(secondReaderSide.readLock().acquire(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .as("readers share").isTrue();
            assertThat(writerSide.writeLock().acquire(NOT_YET.toMillis(), TimeUnit.MILLISECONDS))
                    .as("write while read").isFalse();
            // release from the thread that acquired: Curator's locks are owned by threads
            pool.submit(() -> {
                readerSide.readLock().release();
                return null;
            }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            secondReaderSide.readLock().release();
            assertThat(writerSide.writeLock().acquire(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            writerSide.writeLock().release();
            assertThat(noChildrenLeft("/rwlock")).as("no lock holder left").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void distributedBarrierHoldsWaitersUntilRemoved() throws Exception {
        DistributedBarrier setter = new DistributedBarrier(client, "/barrier");
        DistributedBarrier waiter = new DistributedBarrier(newClient(), "/barrier");
        setter.setBarrier();
        assertThat(waiter.waitOnBarrier(NOT_YET.toMillis(), TimeUnit.MILLISECONDS)).as("passes while set").isFalse();
        CompletableFuture<Boolean> passed = CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.waitOnBarrier(BOUND.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        setter.removeBarrier();

        assertThat(passed.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(client.checkExists().forPath("/barrier")).isNull();
    }

    @Test
    void doubleBarrierLetsTwoMembersInOnlyTogetherAndOutOnlyTogether() throws Exception {
        DistributedDoubleBarrier first = new DistributedDoubleBarrier(client, "/double", 2);
        DistributedDoubleBarrier second = new DistributedDoubleBarrier(newClient(), "/double", 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> firstIn = pool.submit(() -> first.enter(BOUND.toSeconds(), TimeUnit.SECONDS));
            await().atMost(BOUND).until(() -> client.checkExists().forPath("/double") != null
                    && client.getChildren().forPath("/double").size() == 1);
            assertThat(firstIn).as("in alone").isNotDone();
            Future<Boolean> secondIn = pool.submit(() -> second.enter(BOUND.toSeconds(), TimeUnit.SECONDS));
            assertThat(firstIn.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(secondIn.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

            Future<Boolean> firstOut = pool.submit(() -> first.leave(BOUND.toSeconds(), TimeUnit.SECONDS));
            Future<Boolean> secondOut = pool.submit(() -> second.leave(BOUND.toSeconds(), TimeUnit.SECONDS));
            assertThat(firstOut.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(secondOut.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(noChildrenLeft("/double")).as("no member left").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    // --- membership and discovery -----------------------------------------------------------

    @Test
    void groupMembersSeeEachOtherAndSeeALeaverGo() throws Exception {
        GroupMember one = closedAfter(new GroupMember(client, "/group", "one", bytes("1")));
        GroupMember two = new GroupMember(newClient(), "/group", "two", bytes("2"));
        one.start();
        two.start();
        try {
            for (GroupMember m : List.of(one, two)) {
                await().atMost(BOUND).until(() -> m.getCurrentMembers().keySet().equals(Set.of("one", "two")));
            }
            assertThat(one.getCurrentMembers().get("two")).isEqualTo(bytes("2"));
            two.setThisData(bytes("2b"));
            await().atMost(BOUND).until(() -> new String(one.getCurrentMembers().get("two"), UTF_8).equals("2b"));
        } finally {
            two.close();
        }

        await().atMost(BOUND).until(() -> one.getCurrentMembers().keySet().equals(Set.of("one")));
    }

    @Test
    void serviceDiscoveryFindsTwoRegisteredInstancesAndLosesAnUnregisteredOne() throws Exception {
        ServiceDiscovery<String> registry = closedAfter(ServiceDiscoveryBuilder.builder(String.class)
                .client(client).basePath("/discovery").build());
        ServiceDiscovery<String> lookup = closedAfter(ServiceDiscoveryBuilder.builder(String.class)
                .client(newClient()).basePath("/discovery").build());
        registry.start();
        lookup.start();
        ServiceCache<String> cache = closedAfter(lookup.serviceCacheBuilder().name("api").build());
        cache.start();
        ServiceInstance<String> blue = ServiceInstance.<String>builder()
                .name("api").id("blue").address("10.0.0.1").port(8080).payload("blue").build();
        ServiceInstance<String> green = ServiceInstance.<String>builder()
                .name("api").id("green").address("10.0.0.2").port(8081).payload("green").build();

        registry.registerService(blue);
        registry.registerService(green);

        assertThat(lookup.queryForNames()).containsExactly("api");
        Collection<ServiceInstance<String>> found = lookup.queryForInstances("api");
        assertThat(found).extracting(ServiceInstance::getId).containsExactlyInAnyOrder("blue", "green");
        ServiceInstance<String> foundGreen = lookup.queryForInstance("api", "green");
        assertThat(foundGreen.getAddress()).isEqualTo("10.0.0.2");
        assertThat(foundGreen.getPort()).isEqualTo(8081);
        assertThat(foundGreen.getPayload()).isEqualTo("green");
        await().atMost(BOUND).until(() -> ids(cache.getInstances()).equals(Set.of("blue", "green")));

        registry.unregisterService(blue);

        assertThat(lookup.queryForInstances("api")).extracting(ServiceInstance::getId).containsExactly("green");
        assertThat(lookup.queryForInstance("api", "blue")).isNull();
        await().atMost(BOUND).until(() -> ids(cache.getInstances()).equals(Set.of("green")));
    }

    private static Set<String> ids(List<ServiceInstance<String>> instances) {
        return instances.stream().map(ServiceInstance::getId).collect(Collectors.toSet());
    }
}
