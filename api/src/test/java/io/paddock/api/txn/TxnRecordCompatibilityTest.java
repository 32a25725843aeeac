package io.paddock.api.txn;

import static io.paddock.api.proto.RecordKind.of;
import static io.paddock.api.proto.ZooKeeperJute.zk;

import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.RecordCompatibilityContract;
import io.paddock.api.proto.RecordKind;
import io.paddock.api.proto.Sample;
import io.paddock.api.proto.ZooKeeperJute;
import java.util.List;
import java.util.stream.Stream;
import org.apache.zookeeper.txn.CreateTTLTxn;
import org.apache.zookeeper.txn.SetACLTxn;

/** Every txn record of protocol.md §16.3 against ZooKeeper 3.9.3's generated class. */
class TxnRecordCompatibilityTest extends RecordCompatibilityContract {
    static final RecordKind CREATE = of("CreateTxn",
            s -> new CreateTxn(s.path(), s.data(), s.acl(), s.b(), s.i()),
            s -> new org.apache.zookeeper.txn.CreateTxn(s.path(), s.data(), zk(s.acl()), s.b(), s.i()),
            CreateTxn::read);
    static final RecordKind CREATE_CONTAINER = of("CreateContainerTxn",
            s -> new CreateContainerTxn(s.path(), s.data(), s.acl(), s.i()),
            s -> new org.apache.zookeeper.txn.CreateContainerTxn(s.path(), s.data(), zk(s.acl()), s.i()),
            CreateContainerTxn::read);
    static final RecordKind CREATE_TTL = of("CreateTTLTxn",
            s -> new CreateTtlTxn(s.path(), s.data(), s.acl(), s.i(), s.l()),
            s -> new CreateTTLTxn(s.path(), s.data(), zk(s.acl()), s.i(), s.l()),
            CreateTtlTxn::read);
    static final RecordKind DELETE = of("DeleteTxn",
            s -> new DeleteTxn(s.path()), s -> new org.apache.zookeeper.txn.DeleteTxn(s.path()), DeleteTxn::read);
    static final RecordKind SET_DATA = of("SetDataTxn",
            s -> new SetDataTxn(s.path(), s.data(), s.i()),
            s -> new org.apache.zookeeper.txn.SetDataTxn(s.path(), s.data(), s.i()), SetDataTxn::read);
    static final RecordKind CHECK = of("CheckVersionTxn",
            s -> new CheckVersionTxn(s.path(), s.i()),
            s -> new org.apache.zookeeper.txn.CheckVersionTxn(s.path(), s.i()), CheckVersionTxn::read);
    static final RecordKind ERROR = of("ErrorTxn",
            s -> new ErrorTxn(s.i()), s -> new org.apache.zookeeper.txn.ErrorTxn(s.i()), ErrorTxn::read);

    /** The sub-txns a multi can log (§16.4), each under its txn type. */
    private record SubTxn(int type, RecordKind kind) {
    }

    private static final List<SubTxn> SUB_TXNS = List.of(
            new SubTxn(OpCode.CREATE, CREATE), new SubTxn(OpCode.CREATE2, CREATE),
            new SubTxn(OpCode.CREATE_CONTAINER, CREATE_CONTAINER), new SubTxn(OpCode.CREATE_TTL, CREATE_TTL),
            new SubTxn(OpCode.DELETE, DELETE), new SubTxn(OpCode.SET_DATA, SET_DATA),
            new SubTxn(OpCode.CHECK, CHECK), new SubTxn(OpCode.ERROR, ERROR));

    @Override
    protected List<RecordKind> kinds() {
        return Stream.concat(
                Stream.of(CREATE, CREATE_CONTAINER, CREATE_TTL, DELETE, SET_DATA, CHECK, ERROR),
                Stream.of(
                        of("TxnHeader", s -> new TxnHeader(s.l(), s.i(), ~s.l(), s.l() >>> 1, s.j()),
                                s -> new org.apache.zookeeper.txn.TxnHeader(s.l(), s.i(), ~s.l(), s.l() >>> 1, s.j()),
                                TxnHeader::read),
                        of("TxnDigest", s -> new TxnDigest(s.i(), s.l()),
                                s -> new org.apache.zookeeper.txn.TxnDigest(s.i(), s.l()), TxnDigest::read),
                        of("SetACLTxn", s -> new SetAclTxn(s.path(), s.acl(), s.i()),
                                s -> new SetACLTxn(s.path(), zk(s.acl()), s.i()), SetAclTxn::read),
                        of("CreateSessionTxn", s -> new CreateSessionTxn(s.i()),
                                s -> new org.apache.zookeeper.txn.CreateSessionTxn(s.i()), CreateSessionTxn::read),
                        // A null paths2Delete stands for the bodiless 3.5 closeSession; TxnCodecTest covers it.
                        of("CloseSessionTxn", s -> new CloseSessionTxn(s.stringsOrEmpty()),
                                s -> new org.apache.zookeeper.txn.CloseSessionTxn(s.stringsOrEmpty()),
                                CloseSessionTxn::read).withOptionalTail(),
                        of("MultiTxn", s -> new MultiTxn(SUB_TXNS.stream()
                                        .map(t -> new MultiTxn.Entry(t.type(), (Txn) t.kind().ours().apply(s)))
                                        .toList()),
                                s -> new org.apache.zookeeper.txn.MultiTxn(SUB_TXNS.stream()
                                        .map(t -> new org.apache.zookeeper.txn.Txn(t.type(),
                                                ZooKeeperJute.serialize(t.kind().theirs().apply(s))))
                                        .toList()),
                                MultiTxn::read),
                        of("MultiTxn without txns", s -> new MultiTxn(List.of()),
                                s -> new org.apache.zookeeper.txn.MultiTxn(List.of()), MultiTxn::read)))
                .toList();
    }
}
