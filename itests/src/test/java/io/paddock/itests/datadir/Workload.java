package io.paddock.itests.datadir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.StatsTrack;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.cli.SetQuotaCommand;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Writes through the stock client, and records in the {@link TreeModel} what each acknowledged
 * write must leave behind. The writer is authenticated as alice (digest) and as nobody else, so
 * that CREATOR_ALL_ACL expands to exactly one id.
 */
final class Workload {
    static final String ALICE = "alice:secret";
    static final Id ALICE_ID = new Id("digest", digest(ALICE));
    private static final Id ANYONE = Ids.ANYONE_ID_UNSAFE;
    /** ACLs the random part chooses from; each leaves alice every right, so the writer goes on. */
    private static final List<List<ACL>> ACLS = List.of(Ids.OPEN_ACL_UNSAFE,
            acl(new ACL(Perms.ALL, ALICE_ID)),
            acl(new ACL(Perms.ALL, ALICE_ID), new ACL(Perms.READ, ANYONE)),
            acl(new ACL(Perms.READ | Perms.CREATE, ANYONE), new ACL(Perms.ALL, ALICE_ID)));

    private static final long WAIT_SECONDS = 30;

    private final ZooKeeper writer;
    private final TreeModel model;
    private final Random random;

    Workload(ZooKeeper writer, TreeModel model, long seed) {
        this.writer = writer;
        this.writer.addAuthInfo("digest", ALICE.getBytes(StandardCharsets.UTF_8));
        this.model = model;
        this.random = new Random(seed);
    }

    /**
     * Each kind of node and write once, under {@code root}: null, empty and 100 KB data, digest
     * ACLs, a container, sequentials, deletes (so that cversion and pzxid move apart from the
     * children), setACL, a multi that succeeds and one that fails, and a quota.
     */
    void everyKindOnce(String root) throws Exception {
        create(root, bytes("written by " + root), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(root + "/null", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(root + "/empty", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(root + "/nulled", bytes("soon null"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        setData(root + "/nulled", null);
        create(root + "/big", randomBytes(100 * 1024), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        setData(root + "/big", randomBytes(100 * 1024 - 7));

        writer.create(root + "/creator", bytes("alice's"), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        model.created(root + "/creator", bytes("alice's"), acl(new ACL(Perms.ALL, ALICE_ID)), 0);
        create(root + "/mixed", bytes("alice writes, anyone reads"),
                acl(new ACL(Perms.READ | Perms.WRITE, ALICE_ID), new ACL(Perms.READ, ANYONE)),
                CreateMode.PERSISTENT);
        setAcl(root + "/null", acl(new ACL(Perms.ALL, ALICE_ID), new ACL(Perms.READ, ANYONE)));
        setAcl(root + "/null", acl(new ACL(Perms.ALL, ALICE_ID)));

        create(root + "/box", bytes("container"), Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        create(root + "/box/a", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(root + "/box/b", bytes("b"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        delete(root + "/box/a");

        create(root + "/seq", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        String doomed = null;
        for (int i = 0; i < 5; i++) {
            String path = create(root + "/seq/n-", bytes("n" + i), Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL);
            doomed = i == 2 ? path : doomed;
        }
        delete(doomed);

        create(root + "/gone", bytes("parent of the deleted"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(root + "/gone/x", bytes("x"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(root + "/gone/y", bytes("y"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        delete(root + "/gone/x");
        delete(root + "/gone/y");

        multiThatSucceeds(root);
        multiThatFails(root);
        quota(root + "/quoted");
    }

    /**
     * A quota made as zkCli's setquota makes it, then writes under it. The servers keep the
     * {@code zookeeper_stats} node's data themselves, outside any txn: the next server must
     * rebuild the same counts from the tree it loads.
     */
    private void quota(String path) throws Exception {
        create(path, bytes("under a quota"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        StatsTrack limits = new StatsTrack();
        limits.setCount(100);
        limits.setBytes(10_000);
        assertThat(SetQuotaCommand.createQuota(writer, path, limits)).as("quota on %s", path).isTrue();
        create(path + "/a", bytes("0123456789"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        create(path + "/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        setData(path + "/a", bytes("0123"));
        delete(path + "/b");
    }

    /** Sub-txns of each kind a multi logs, containers and sequentials among them. */
    private void multiThatSucceeds(String root) throws KeeperException, InterruptedException {
        String m = root + "/multi";
        List<OpResult> results = writer.multi(List.of(
                Op.create(m, bytes("m"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(m + "/a", bytes("a"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(m + "/b", null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(m + "/box", bytes("box"), Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER),
                Op.create(m + "/box/s-", bytes("s"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
                Op.setData(m, bytes("m2"), 0), Op.check(m, 1), Op.delete(m + "/a", 0)));
        model.created(m, bytes("m"), Ids.OPEN_ACL_UNSAFE, 0);
        model.created(m + "/b", null, Ids.OPEN_ACL_UNSAFE, 0);
        model.created(m + "/box", bytes("box"), Ids.OPEN_ACL_UNSAFE, 0);
        model.created(((OpResult.CreateResult) results.get(4)).getPath(), bytes("s"), Ids.OPEN_ACL_UNSAFE, 0);
        model.dataSet(m, bytes("m2"));
    }

    /** Logged as an error multi by both servers; nothing of it may appear after a reload either. */
    private void multiThatFails(String root) {
        assertThatThrownBy(() -> writer.multi(List.of(
                Op.create(root + "/never", bytes("never"), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create(root + "/never-box", null, Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER),
                Op.setData(root + "/multi", bytes("never"), -1),
                Op.delete(root + "/missing", -1))))
                .isInstanceOf(KeeperException.NoNodeException.class);
    }

    /** Ephemerals, plain, sequential and made in a multi, owned by {@code owner}'s session. */
    void ephemerals(ZooKeeper owner, String root, String name, int count) throws KeeperException, InterruptedException {
        for (int i = 0; i < count; i++) {
            CreateMode mode = i % 2 == 0 ? CreateMode.EPHEMERAL : CreateMode.EPHEMERAL_SEQUENTIAL;
            String path = owner.create(root + "/" + name + "-" + i, bytes(name), Ids.OPEN_ACL_UNSAFE, mode);
            model.created(path, bytes(name), Ids.OPEN_ACL_UNSAFE, owner.getSessionId());
        }
        // And one through a multi, whose CreateTxn inside the MultiTxn carries the ephemeral flag.
        String path = root + "/" + name + "-multi";
        owner.multi(List.of(Op.create(path, null, Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)));
        model.created(path, null, Ids.OPEN_ACL_UNSAFE, owner.getSessionId());
    }

    /** {@code ops} seeded random creates, setData, deletes and setACLs in a subtree of its own. */
    void random(String root, int ops) throws KeeperException, InterruptedException {
        String base = root + "/r";
        create(base, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 0; i < ops; i++) {
            List<String> paths = model.pathsUnder(base);
            String target = paths.get(random.nextInt(paths.size()));
            int dice = random.nextInt(100);
            if (dice < 40) {
                CreateMode mode = random.nextBoolean() ? CreateMode.PERSISTENT : CreateMode.PERSISTENT_SEQUENTIAL;
                create(target + "/c" + i, randomBytes(random.nextInt(1024)), pick(ACLS), mode);
            } else if (dice < 75) {
                setData(target, random.nextInt(10) == 0 ? null : randomBytes(random.nextInt(2048)));
            } else if (dice < 88) {
                if (!target.equals(base) && !model.hasChildren(target)) {
                    delete(target);
                }
            } else {
                setAcl(target, pick(ACLS));
            }
        }
    }

    /**
     * {@code count} creates, each followed by a setData and every third by a delete, sent without
     * waiting for replies. The server most likely applies some of them while a snapshot is being
     * written, so the snapshot is fuzzy (protocol.md section 16.5) and the next server replays
     * them over it; how fuzzy is up to timing, which DataDirFuzzySnapshotTest takes out.
     */
    void pipelined(String root, int count) throws KeeperException, InterruptedException {
        String base = root + "/burst";
        create(base, null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        int replies = count * 2 + (count + 2) / 3;
        CountDownLatch done = new CountDownLatch(replies);
        List<String> failures = new CopyOnWriteArrayList<>();
        // Callbacks run one at a time on the client's event thread, in the order the server replied.
        for (int i = 0; i < count; i++) {
            String path = base + "/b" + i;
            byte[] first = randomBytes(random.nextInt(512));
            byte[] second = randomBytes(random.nextInt(512));
            writer.create(path, first, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> {
                acknowledged(rc, "create " + p, failures, () -> model.created(p, first, Ids.OPEN_ACL_UNSAFE, 0));
                done.countDown();
            }, null);
            writer.setData(path, second, 0, (rc, p, ctx, stat) -> {
                acknowledged(rc, "setData " + p, failures, () -> model.dataSet(p, second));
                done.countDown();
            }, null);
            if (i % 3 == 0) {
                writer.delete(path, 1, (rc, p, ctx) -> {
                    acknowledged(rc, "delete " + p, failures, () -> model.deleted(p));
                    done.countDown();
                }, null);
            }
        }
        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("%d pipelined replies", replies).isTrue();
        assertThat(failures).as("pipelined writes that failed").isEmpty();
    }

    private static void acknowledged(int rc, String what, List<String> failures, Runnable record) {
        if (rc == KeeperException.Code.OK.intValue()) {
            record.run();
        } else {
            failures.add(what + ": " + KeeperException.Code.get(rc));
        }
    }

    private String create(String path, byte[] data, List<ACL> acl, CreateMode mode)
            throws KeeperException, InterruptedException {
        String created = writer.create(path, data, acl, mode);
        // A container's stored owner is encoded (protocol.md section 9); clients are shown 0.
        model.created(created, data, acl, 0);
        return created;
    }

    private void setData(String path, byte[] data) throws KeeperException, InterruptedException {
        int version = model.node(path).version();
        assertThat(writer.setData(path, data, version).getVersion()).isEqualTo(version + 1);
        model.dataSet(path, data);
    }

    private void setAcl(String path, List<ACL> acl) throws KeeperException, InterruptedException {
        int aversion = model.node(path).aversion();
        assertThat(writer.setACL(path, acl, aversion).getAversion()).isEqualTo(aversion + 1);
        model.aclSet(path, acl);
    }

    private void delete(String path) throws KeeperException, InterruptedException {
        writer.delete(path, model.node(path).version());
        model.deleted(path);
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return data;
    }

    /** Mutable: the stock client's check for null entries calls contains(null), which List.of refuses. */
    private static List<ACL> acl(ACL... entries) {
        return new ArrayList<>(Arrays.asList(entries));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String digest(String userAndPassword) {
        try {
            return DigestAuthenticationProvider.generateDigest(userAndPassword);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1 is part of every JDK", e);
        }
    }
}
