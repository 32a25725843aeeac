package io.paddock.quorum.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.txn.CreateTxn;
import io.paddock.api.txn.ErrorTxn;
import io.paddock.api.txn.SetDataTxn;
import io.paddock.api.txn.TxnCodec;
import io.paddock.api.txn.TxnDigest;
import io.paddock.api.txn.TxnEntry;
import io.paddock.api.txn.TxnHeader;
import io.paddock.quorum.config.QuorumMembership;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.server.Request;
import org.apache.zookeeper.server.RequestRecord;
import org.apache.zookeeper.server.TxnLogEntry;
import org.apache.zookeeper.server.persistence.Util;
import org.apache.zookeeper.server.quorum.Leader;
import org.apache.zookeeper.server.quorum.StateSummary;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;
import org.apache.zookeeper.server.util.SerializeUtils;
import org.junit.jupiter.api.Test;

/**
 * The data of each quorum packet against ZooKeeper 3.9.3: its own code where it has a method that
 * builds or reads the bytes, otherwise the ByteBuffer/DataStream calls its inline code makes,
 * spelled out here with the class and method they come from.
 */
class PacketDataCompatibilityTest {
    private static byte[] dataOutput(IoWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        }
        return bytes.toByteArray();
    }

    private interface IoWriter {
        void write(DataOutputStream out) throws IOException;
    }

    @Test
    void leaderInfoIsTheFourByteProtocolVersionOfLearnerHandlerRun() {
        // LearnerHandler.run: ByteBuffer.wrap(ver).putInt(0x10000), zxid makeZxid(newEpoch, 0).
        QuorumPacket packet = LeaderInfo.current().packet(5);

        assertThat(packet.data()).isEqualTo(ByteBuffer.allocate(4).putInt(0x10000).array());
        assertThat(packet.zxid()).isEqualTo(0x500000000L);
        assertThat(packet.authinfo()).isNull();
        // Learner.registerWithLeader: ByteBuffer.wrap(qp.getData()).getInt(), trailing bytes unread.
        assertThat(LeaderInfo.parse(new byte[] {0, 1, 0, 0, 9})).isEqualTo(new LeaderInfo(0x10000));
    }

    @Test
    void ackEpochIsReadAsZooKeepersStateSummary() {
        QuorumPacket ack = new AckEpoch(4).packet(0x400000007L);
        QuorumPacket already = AckEpoch.alreadyAccepted().packet(0x400000007L);

        // LearnerHandler.run: new StateSummary(ByteBuffer.wrap(data).getInt(), packet zxid).
        StateSummary theirs = new StateSummary(ByteBuffer.wrap(ack.data()).getInt(), ack.zxid());
        assertThat(theirs.getCurrentEpoch()).isEqualTo(4);
        assertThat(theirs.getLastZxid()).isEqualTo(0x400000007L);
        assertThat(already.data()).containsExactly(0xff, 0xff, 0xff, 0xff);
        assertThat(AckEpoch.parse(already.data()).countsAsAck()).isFalse();
        assertThat(AckEpoch.parse(ack.data()).countsAsAck()).isTrue();
    }

    @Test
    void aLearnersPingListsSessionsAsLearnerPingWritesThemAndTheLeaderReadsThem() throws IOException {
        LearnerPing ours = new LearnerPing(List.of(new LearnerPing.Touch(0x1000000abL, 30000),
                new LearnerPing.Touch(-2L, 4000)));
        // Learner.ping: DataOutputStream, writeLong(id), writeInt(timeout) per entry, no count.
        byte[] theirs = dataOutput(out -> {
            out.writeLong(0x1000000abL);
            out.writeInt(30000);
            out.writeLong(-2L);
            out.writeInt(4000);
        });

        assertThat(ours.toBytes()).isEqualTo(theirs);
        assertThat(LearnerPing.parse(theirs)).isEqualTo(ours);
        // LearnerHandler.run: while (dis.available() > 0) { readLong; readInt; }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(ours.toBytes()));
        List<LearnerPing.Touch> read = new ArrayList<>();
        while (in.available() > 0) {
            read.add(new LearnerPing.Touch(in.readLong(), in.readInt()));
        }
        assertThat(read).isEqualTo(ours.touches());
    }

    @Test
    void aPingWithoutSessionsIsZeroBytesAndEchoesTheLeadersPacket() {
        QuorumPacket leaders = QuorumPacket.of(PacketType.PING, 0x300000009L);

        QuorumPacket reply = new LearnerPing(List.of()).replyTo(leaders);

        assertThat(reply.type()).isEqualTo(PacketType.PING);
        assertThat(reply.zxid()).isEqualTo(0x300000009L);
        assertThat(reply.data()).isEmpty();
        assertThat(reply.authinfo()).isNull();
        assertThat(LearnerPing.parse(null).touches()).isEmpty();
    }

    @Test
    void aPartialSessionEntryInAPingIsRefusedAsZooKeepersReaderRefusesIt() {
        byte[] partial = ByteBuffer.allocate(20).putLong(1).putInt(2).putLong(3).array();

        assertThatThrownBy(() -> LearnerPing.parse(partial))
                .isInstanceOf(JuteException.class).hasMessageContaining("8 bytes left");
        assertThatThrownBy(() -> {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(partial));
            while (in.available() > 0) {
                in.readLong();
                in.readInt();
            }
        }).isInstanceOf(EOFException.class);
    }

    @Test
    void revalidateIsTheDataStreamLayoutOfLearnerValidateSessionAndLeaderRevalidateSession() throws IOException {
        RevalidateRequest request = new RevalidateRequest(0x2000000ffL, 12000);
        byte[] theirs = dataOutput(out -> {
            out.writeLong(0x2000000ffL);
            out.writeInt(12000);
        });

        assertThat(request.toBytes()).isEqualTo(theirs);
        assertThat(request.packet().zxid()).isEqualTo(-1L);
        assertThat(RevalidateRequest.parse(theirs)).isEqualTo(request);

        RevalidateReply valid = new RevalidateReply(0x2000000ffL, true);
        byte[] theirReply = dataOutput(out -> {
            out.writeLong(0x2000000ffL);
            out.writeBoolean(true);
        });
        assertThat(valid.toBytes()).isEqualTo(theirReply).hasSize(9);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new RevalidateReply(7, false).toBytes()));
        assertThat(in.readLong()).isEqualTo(7);
        assertThat(in.readBoolean()).isFalse();
        // DataInputStream.readBoolean takes any non-zero byte as true; so do we.
        assertThat(RevalidateReply.parse(ByteBuffer.allocate(9).putLong(7).put((byte) 2).array()).valid()).isTrue();
        QuorumPacket answer = valid.replyTo(request.packet());
        assertThat(answer.type()).isEqualTo(PacketType.REVALIDATE);
        assertThat(answer.zxid()).isEqualTo(-1L);
    }

    @Test
    void truncatedOrMissingDataIsAClearError() {
        assertThatThrownBy(() -> RevalidateRequest.parse(new byte[11]))
                .isInstanceOf(JuteException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> RevalidateReply.parse(new byte[8]))
                .isInstanceOf(JuteException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> LeaderInfo.parse(new byte[3]))
                .isInstanceOf(JuteException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> AckEpoch.parse(null))
                .isInstanceOf(JuteException.class).hasMessageContaining("ACKEPOCH data missing");
        assertThatThrownBy(() -> CommitAndActivate.parse(new byte[7]))
                .isInstanceOf(JuteException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> InformAndActivate.parse(new byte[4]))
                .isInstanceOf(JuteException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ForwardedRequest.parse(new byte[15]))
                .isInstanceOf(JuteException.class).hasMessageContaining("15 bytes");
        assertThatThrownBy(() -> ForwardedRequest.parse(null))
                .isInstanceOf(JuteException.class).hasMessageContaining("REQUEST data missing");
    }

    @Test
    void aForwardedRequestCarriesTheRequestBytesZooKeeperReadsBackIntoItsRecord() throws IOException {
        org.apache.zookeeper.proto.CreateRequest create = new org.apache.zookeeper.proto.CreateRequest(
                "/a", new byte[] {1, 2}, ZooDefs.Ids.OPEN_ACL_UNSAFE, 0);
        List<org.apache.zookeeper.data.Id> auth = List.of(new org.apache.zookeeper.data.Id("digest", "u:h"));
        Request request = new Request(null, 0x5L, 9, ZooDefs.OpCode.create, RequestRecord.fromRecord(create), auth);
        // Learner.request: DataOutputStream, sessionId, cxid, type, then readRequestBytes().
        byte[] theirs = dataOutput(out -> {
            out.writeLong(request.sessionId);
            out.writeInt(request.cxid);
            out.writeInt(request.type);
            out.write(request.readRequestBytes());
        });
        ForwardedRequest ours = new ForwardedRequest(5, 9, ZooDefs.OpCode.create, JuteOutput.serialize(
                new io.paddock.api.proto.CreateRequest("/a", new byte[] {1, 2},
                        List.of(new Acl(0x1f, new Id("world", "anyone"))), 0)));

        assertThat(ours.toBytes()).isEqualTo(theirs);
        assertThat(ForwardedRequest.parse(theirs)).isEqualTo(ours);
        // LearnerHandler.run: getLong, getInt, getInt, then the slice as the request record.
        ByteBuffer bb = ByteBuffer.wrap(ours.toBytes());
        assertThat(bb.getLong()).isEqualTo(5);
        assertThat(bb.getInt()).isEqualTo(9);
        assertThat(bb.getInt()).isEqualTo(ZooDefs.OpCode.create);
        org.apache.zookeeper.proto.CreateRequest readBack = RequestRecord.fromBytes(bb.slice())
                .readRecord(org.apache.zookeeper.proto.CreateRequest::new);
        assertThat((Object) readBack).isEqualTo(create);

        QuorumPacket packet = ours.packet(List.of(new Id("digest", "u:h")));
        assertThat(packet.zxid()).isEqualTo(-1L);
        assertThat(packet.authinfo()).containsExactly(new Id("digest", "u:h"));
    }

    @Test
    void aRequestWithoutABodyHasNothingAfterTheType() {
        ForwardedRequest close = new ForwardedRequest(5, 3, ZooDefs.OpCode.closeSession, null);

        assertThat(close.toBytes()).hasSize(16);
        assertThat(ForwardedRequest.parse(close.toBytes())).isEqualTo(close);
    }

    private static TxnEntry createEntry(TxnDigest digest) {
        return new TxnEntry(new TxnHeader(0x77L, 4, 0x100000003L, 1_700_000_000_000L, ZooDefs.OpCode.create),
                new CreateTxn("/n", new byte[] {7}, List.of(new Acl(0x1f, new Id("world", "anyone"))), false, 2),
                digest);
    }

    @Test
    void proposalDataIsTheTxnCodecPayloadThatSerializeUtilsReads() throws IOException {
        TxnEntry entry = createEntry(new TxnDigest(2, 123456789L));

        TxnLogEntry theirs = SerializeUtils.deserializeTxn(TxnCodec.encode(entry));

        assertThat(theirs.getHeader().getZxid()).isEqualTo(0x100000003L);
        assertThat(theirs.getHeader().getClientId()).isEqualTo(0x77L);
        assertThat(theirs.getHeader().getType()).isEqualTo(ZooDefs.OpCode.create);
        org.apache.zookeeper.txn.CreateTxn create = (org.apache.zookeeper.txn.CreateTxn) theirs.getTxn();
        assertThat(create.getPath()).isEqualTo("/n");
        assertThat(create.getParentCVersion()).isEqualTo(2);
        assertThat(theirs.getDigest().getVersion()).isEqualTo(2);
        assertThat(theirs.getDigest().getTreeDigest()).isEqualTo(123456789L);
        // Request.getSerializeData is Util.marshallTxnEntry(hdr, txn, digest).
        assertThat(Util.marshallTxnEntry(theirs.getHeader(), theirs.getTxn(), theirs.getDigest()))
                .isEqualTo(TxnCodec.encode(entry));
        assertThat(TxnCodec.decode(Util.marshallTxnEntry(theirs.getHeader(), theirs.getTxn(), theirs.getDigest())))
                .usingRecursiveComparison().isEqualTo(entry);
    }

    @Test
    void aProposalWithoutADigestReadsWithNoDigestOnBothSides() throws IOException {
        TxnEntry error = new TxnEntry(new TxnHeader(1, 2, 0x100000004L, 5, ZooDefs.OpCode.error), new ErrorTxn(-110), null);

        TxnLogEntry theirs = SerializeUtils.deserializeTxn(TxnCodec.encode(error));

        assertThat(theirs.getDigest()).isNull();
        assertThat(((org.apache.zookeeper.txn.ErrorTxn) theirs.getTxn()).getErr()).isEqualTo(-110);
        assertThat(TxnCodec.decode(TxnCodec.encode(error)).digest()).isNull();
    }

    @Test
    void informAndActivateIsWhatLeaderBuildInformAndActivePacketBuilds() throws IOException {
        byte[] config = "server.1=127.0.0.1:2888:3888:participant\nversion=100000005".getBytes(StandardCharsets.UTF_8);
        byte[] proposal = TxnCodec.encode(new TxnEntry(
                new TxnHeader(0, 0, 0x100000005L, 9, ZooDefs.OpCode.reconfig),
                new SetDataTxn("/zookeeper/config", config, -1), null));
        InformAndActivate ours = new InformAndActivate(3, proposal);

        org.apache.zookeeper.server.quorum.QuorumPacket theirs = Leader.buildInformAndActivePacket(0x100000005L, 3, proposal);

        assertThat(ours.toBytes()).isEqualTo(theirs.getData());
        assertThat(ours.packet(0x100000005L)).usingRecursiveComparison().isEqualTo(new QuorumPacket(
                theirs.getType(), theirs.getZxid(), theirs.getData(), null));
        InformAndActivate read = InformAndActivate.parse(theirs.getData());
        assertThat(read).isEqualTo(ours);
        // Observer.processPacket: getLong, then the rest through SerializeUtils.deserializeTxn.
        assertThat(((org.apache.zookeeper.txn.SetDataTxn) SerializeUtils.deserializeTxn(read.proposal()).getTxn())
                .getData()).isEqualTo(config);
    }

    @Test
    void commitAndActivateCarriesOnlyTheDesignatedLeader() {
        // Leader.commitAndActivate: an 8-byte ByteBuffer with putLong(designatedLeader).
        QuorumPacket packet = new CommitAndActivate(2).packet(0x100000005L);

        assertThat(packet.data()).isEqualTo(ByteBuffer.allocate(8).putLong(2).array());
        assertThat(ByteBuffer.wrap(packet.data()).getLong()).isEqualTo(2);
        assertThat(CommitAndActivate.parse(packet.data())).isEqualTo(new CommitAndActivate(2));
    }

    @Test
    void newLeaderCarriesTheConfigTextZooKeeperParsesIntoTheSameQuorum() throws Exception {
        QuorumMembership membership = QuorumMembership.fromConfigText(1, """
                server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181
                server.2=127.0.0.2:2888:3888:participant;0.0.0.0:2182
                server.3=127.0.0.3:2888:3888:observer
                version=100000000""");
        QuorumPacket packet = NewLeader.of(membership).packet(1);

        Properties props = new Properties();
        props.load(new StringReader(new String(packet.data(), StandardCharsets.UTF_8)));
        QuorumMaj theirs = new QuorumMaj(props);
        // Leader.getQuorumVerifierBytes: getLastSeenQuorumVerifier().toString().getBytes(UTF_8).
        assertThat(packet.data()).isEqualTo(theirs.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(theirs.getVersion()).isEqualTo(0x100000000L);
        assertThat(packet.zxid()).isEqualTo(0x100000000L);
        assertThat(NewLeader.parse(packet.data()).membership(2)).isEqualTo(
                QuorumMembership.fromConfigText(2, membership.configText()));
    }

    @Test
    void aNewLeaderOfAtMostOneByteHasNoConfigAsLearnerSyncWithLeaderReadsIt() {
        assertThat(NewLeader.parse(null).configText()).isNull();
        assertThat(NewLeader.parse(new byte[] {'x'}).configText()).isNull();
        assertThat(NewLeader.parse(null).membership(1)).isNull();
        assertThat(new NewLeader(null).packet(2).data()).isNull();
    }
}
