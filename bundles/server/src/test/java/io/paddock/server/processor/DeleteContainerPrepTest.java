package io.paddock.server.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.api.proto.Code;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import io.paddock.api.txn.CreateContainerTxn;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.DeleteTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.Txn;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import io.paddock.server.db.Database;
import io.paddock.server.session.SessionTracker;
import io.paddock.storage.file.FileStorageBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reaper's deleteContainer (opcode 20) through the prep stage (protocol.md sections 5 and 9.2). */
class DeleteContainerPrepTest {
    private static final long SESSION = 0x100000000000001L;

    @TempDir
    Path dir;
    private Storage storage;
    private Database db;
    private Pipeline pipeline;
    private long zxid;

    @BeforeEach
    void start() throws Exception {
        storage = new FileStorageBackend().open(new StorageOptions(dir, dir, 2 * 0xfffff, 0));
        db = new Database(new SessionTracker(1, 2000, () -> 0));
        db.sessions().add(SESSION, 30000);
        given(OpCode.CREATE_CONTAINER, new CreateContainerTxn("/c", null, Perms.OPEN_ACL_UNSAFE, 1), 0);
        given(OpCode.CREATE, new CreateTxn("/c/x", null, Perms.OPEN_ACL_UNSAFE, false, 1), 0);
        given(OpCode.CREATE_CONTAINER, new CreateContainerTxn("/empty", null, Perms.READ_ACL_UNSAFE, 2), 0);
        given(OpCode.CREATE, new CreateTxn("/eph", null, Perms.OPEN_ACL_UNSAFE, true, 3), SESSION);
        given(OpCode.CREATE, new CreateTxn("/plain", null, Perms.OPEN_ACL_UNSAFE, false, 4), 0);
        pipeline = new Pipeline(db, storage.txnLog(), true, 100000, () -> { }, t -> { });
    }

    private void given(int type, Txn txn, long session) {
        db.apply(new TxnEntry(new TxnHeader(session, 0, ++zxid, 0, type), txn, null));
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.shutdown();
        }
        storage.close();
    }

    private TxnEntry reap(String path) {
        Request r = Request.reap(path);
        long before = db.lastProcessedZxid();
        pipeline.submit(r);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.lastProcessedZxid() > before);
        return r.txn();
    }

    private static int err(TxnEntry e) {
        assertThat(e.type()).isEqualTo(OpCode.ERROR);
        return ((ErrorTxn) e.txn()).err();
    }

    @Test
    void emptyContainerBecomesADeleteTxnOfType20WithoutSessionOrAclCheck() {
        TxnEntry e = reap("/empty"); // READ-only ACL, session 0: neither is checked
        assertThat(e.type()).isEqualTo(OpCode.DELETE_CONTAINER);
        assertThat(e.txn()).isEqualTo(new DeleteTxn("/empty"));
        assertThat(e.header().clientId()).isZero();
        assertThat(db.tree().node("/empty")).isNull();
        assertThat(db.tree().node("/").numChildren()).isEqualTo(4); // zookeeper, c, eph, plain
    }

    @Test
    void missingNodeFailsWithNoNode() {
        assertThat(err(reap("/missing"))).isEqualTo(Code.NONODE);
    }

    @Test
    void nodeWithChildrenFailsWithNotEmptyAndStays() {
        assertThat(err(reap("/c"))).isEqualTo(Code.NOTEMPTY);
        assertThat(db.tree().node("/c")).isNotNull();
    }

    @Test
    void sessionEphemeralFailsWithBadVersionAndStays() {
        assertThat(err(reap("/eph"))).isEqualTo(Code.BADVERSION);
        assertThat(db.tree().node("/eph")).isNotNull();
    }

    @Test
    void aPlainPersistentNodeIsDeletedAsZooKeeperDoes() {
        assertThat(reap("/plain").type()).isEqualTo(OpCode.DELETE_CONTAINER);
    }

    @Test
    void aSecondReapOfTheSameNodeSeesThePendingDeleteAndFailsWithNoNode() {
        Request first = Request.reap("/empty");
        Request second = Request.reap("/empty");
        long before = db.lastProcessedZxid();
        pipeline.submit(first);
        pipeline.submit(second);
        await().atMost(Duration.ofSeconds(10)).until(() -> db.lastProcessedZxid() >= before + 2);
        assertThat(first.txn().type()).isEqualTo(OpCode.DELETE_CONTAINER);
        assertThat(err(second.txn())).isEqualTo(Code.NONODE);
        assertThat(List.of(first.txn().zxid(), second.txn().zxid())).containsExactly(before + 1, before + 2);
    }
}
