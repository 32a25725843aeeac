package io.paddock.api.txn;

import static io.paddock.api.proto.ZooKeeperJute.serialize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.Code;
import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.ZooKeeperJute;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.jute.Record;
import org.apache.zookeeper.txn.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Txn log payloads (protocol.md §16.3): TxnHeader, the txn record, then an optional TxnDigest. */
class TxnCodecTest {
    private static final long SESSION = 0x1000001a2b3c4dL;
    private static final long TIME = 1_700_000_000_000L;
    private static final TxnDigest DIGEST = new TxnDigest(2, 0x8badf00dcafeL);
    private static final byte[] DATA = {'v', 0, -1};

    static Stream<Arguments> entries() {
        CreateTxn create = new CreateTxn("/m1", DATA, Perms.OPEN_ACL_UNSAFE, false, 1);
        org.apache.zookeeper.txn.CreateTxn zkCreate = new org.apache.zookeeper.txn.CreateTxn(
                "/m1", DATA, ZooKeeperJute.zk(Perms.OPEN_ACL_UNSAFE), false, 1);
        // §16.4, as observed: [create /m1, create /a (exists), create /m2] failed.
        MultiTxn failedMulti = new MultiTxn(List.of(
                new MultiTxn.Entry(OpCode.CREATE, create),
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(Code.NODEEXISTS)),
                new MultiTxn.Entry(OpCode.ERROR, new ErrorTxn(Code.RUNTIMEINCONSISTENCY))));
        org.apache.zookeeper.txn.MultiTxn zkFailedMulti = new org.apache.zookeeper.txn.MultiTxn(List.of(
                new Txn(OpCode.CREATE, serialize(zkCreate)),
                new Txn(OpCode.ERROR, serialize(new org.apache.zookeeper.txn.ErrorTxn(Code.NODEEXISTS))),
                new Txn(OpCode.ERROR, serialize(new org.apache.zookeeper.txn.ErrorTxn(Code.RUNTIMEINCONSISTENCY)))));
        return Stream.of(
                entry("createSession with digest", OpCode.CREATE_SESSION, new CreateSessionTxn(30_000),
                        new org.apache.zookeeper.txn.CreateSessionTxn(30_000), DIGEST),
                entry("create with digest", OpCode.CREATE, create, zkCreate, DIGEST),
                entry("closeSession with digest", OpCode.CLOSE_SESSION, new CloseSessionTxn(List.of("/e1", "/路")),
                        new org.apache.zookeeper.txn.CloseSessionTxn(List.of("/e1", "/路")), DIGEST),
                // ZooKeeper writes no digest for error txns (observed, §16.3).
                entry("error without digest", OpCode.ERROR, new ErrorTxn(Code.NONODE),
                        new org.apache.zookeeper.txn.ErrorTxn(Code.NONODE), null),
                entry("setData without digest", OpCode.SET_DATA, new SetDataTxn("/a", null, 4),
                        new org.apache.zookeeper.txn.SetDataTxn("/a", null, 4), null),
                entry("failed multi with digest", OpCode.MULTI, failedMulti, zkFailedMulti, DIGEST),
                entry("failed multi without digest", OpCode.MULTI, failedMulti, zkFailedMulti, null));
    }

    private static Arguments entry(String name, int type, io.paddock.api.txn.Txn txn, Record theirs, TxnDigest digest) {
        TxnHeader header = new TxnHeader(SESSION, 7, 0x300000015L, TIME, type);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(serialize(new org.apache.zookeeper.txn.TxnHeader(SESSION, 7, 0x300000015L, TIME, type)));
        payload.writeBytes(serialize(theirs));
        if (digest != null) {
            payload.writeBytes(serialize(new org.apache.zookeeper.txn.TxnDigest(digest.version(), digest.treeDigest())));
        }
        return Arguments.of(name, new TxnEntry(header, txn, digest), payload.toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void encodesZooKeepersPayloadAndDecodesItBack(String name, TxnEntry entry, byte[] zkPayload) {
        assertThat(TxnCodec.encode(entry)).isEqualTo(zkPayload);
        assertThat(TxnCodec.decode(zkPayload)).usingRecursiveComparison().isEqualTo(entry);
        assertThat(TxnCodec.decode(TxnCodec.encode(entry))).usingRecursiveComparison().isEqualTo(entry);
    }

    @Test
    void closeSessionWithoutBodyIsTheThreeFiveForm() {
        TxnHeader header = new TxnHeader(SESSION, 0, 0x100000009L, TIME, OpCode.CLOSE_SESSION);
        byte[] payload = serialize(new org.apache.zookeeper.txn.TxnHeader(SESSION, 0, 0x100000009L, TIME,
                OpCode.CLOSE_SESSION));

        TxnEntry decoded = TxnCodec.decode(payload);

        assertThat(decoded).usingRecursiveComparison().isEqualTo(new TxnEntry(header, new CloseSessionTxn(null), null));
        assertThat(TxnCodec.encode(decoded)).isEqualTo(payload);
    }

    @Test
    void partialDigestIsReadAsNoDigestAsZooKeeperDoes() {
        byte[] full = TxnCodec.encode(new TxnEntry(
                new TxnHeader(SESSION, 1, 2L, TIME, OpCode.DELETE), new DeleteTxn("/a"), DIGEST));

        TxnEntry decoded = TxnCodec.decode(Arrays.copyOf(full, full.length - 1));

        assertThat(decoded.digest()).isNull();
        assertThat(decoded.txn()).isEqualTo(new DeleteTxn("/a"));
    }

    @Test
    void unknownTxnTypeIsRejected() {
        byte[] payload = JuteOutput.serialize(new TxnHeader(SESSION, 1, 2L, TIME, OpCode.GET_DATA));

        assertThatThrownBy(() -> TxnCodec.decode(payload))
                .isInstanceOf(JuteException.class)
                .hasMessageContaining("unknown txn type 4");
    }

    @Test
    void multiSubTxnWithNullDataIsRejected() {
        byte[] payload = new JuteOutput()
                .write(new TxnHeader(SESSION, 1, 2L, TIME, OpCode.MULTI))
                .write(out -> serializeInto(out, new org.apache.zookeeper.txn.MultiTxn(List.of(new Txn(OpCode.DELETE, null)))))
                .toByteArray();

        assertThatThrownBy(() -> TxnCodec.decode(payload)).isInstanceOf(JuteException.class);
    }

    private static void serializeInto(JuteOutput out, Record record) {
        byte[] bytes = serialize(record);
        out.writeRaw(bytes, 0, bytes.length);
    }
}
