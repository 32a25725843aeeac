package io.paddock.quorum.zab;

import io.paddock.api.proto.JuteException;
import io.paddock.api.txn.Zxid;
import io.paddock.quorum.wire.AckEpoch;
import io.paddock.quorum.wire.LeaderInfo;
import io.paddock.quorum.wire.LearnerInfo;
import io.paddock.quorum.wire.NewLeader;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import java.util.Optional;

/**
 * Maps the protocol's messages to ZooKeeper's quorum packets and back (protocol.md section 17,
 * and bundles/quorum/QUORUM-FACTS.md for the data layouts). REQUEST, REVALIDATE, SYNC and the
 * session data of PING belong to the roles, not to atomic broadcast: they decode to nothing
 * here and the role reads the packet itself.
 */
public final class ZabPackets {
    private final long configVersion;
    private final String configText;

    /** @param configText the membership as {@code /zookeeper/config} shows it, sent with NEWLEADER */
    public ZabPackets(long configVersion, String configText) {
        this.configVersion = configVersion;
        this.configText = configText;
    }

    public QuorumPacket encode(ZabMessage message) {
        if (message instanceof ZabMessage.LearnerHello hello) {
            byte[] info = new LearnerInfo(hello.sid(), LearnerInfo.PROTOCOL_VERSION, configVersion).toBytes();
            int type = hello.observer() ? PacketType.OBSERVERINFO : PacketType.FOLLOWERINFO;
            return new QuorumPacket(type, Zxid.of(hello.acceptedEpoch(), 0), info, null);
        } else if (message instanceof ZabMessage.LeaderInfo info) {
            return LeaderInfo.current().packet(info.newEpoch());
        } else if (message instanceof ZabMessage.AckEpoch ack) {
            return new AckEpoch((int) ack.currentEpoch()).packet(ack.lastZxid());
        } else if (message instanceof ZabMessage.Diff diff) {
            return QuorumPacket.of(PacketType.DIFF, diff.zxid());
        } else if (message instanceof ZabMessage.Trunc trunc) {
            return QuorumPacket.of(PacketType.TRUNC, trunc.zxid());
        } else if (message instanceof ZabMessage.Snap snap) {
            return QuorumPacket.of(PacketType.SNAP, snap.zxid());
        } else if (message instanceof ZabMessage.Proposal proposal) {
            return new QuorumPacket(PacketType.PROPOSAL, proposal.txn().zxid(), proposal.txn().data(), null);
        } else if (message instanceof ZabMessage.Inform inform) {
            return new QuorumPacket(PacketType.INFORM, inform.txn().zxid(), inform.txn().data(), null);
        } else if (message instanceof ZabMessage.Commit commit) {
            return QuorumPacket.of(PacketType.COMMIT, commit.zxid());
        } else if (message instanceof ZabMessage.NewLeader newLeader) {
            return new QuorumPacket(PacketType.NEWLEADER, newLeader.zxid(), new NewLeader(configText).toBytes(), null);
        } else if (message instanceof ZabMessage.Ack ack) {
            return QuorumPacket.of(PacketType.ACK, ack.zxid());
        } else if (message instanceof ZabMessage.UpToDate) {
            // ZooKeeper's LearnerHandler sends UPTODATE with zxid -1.
            return QuorumPacket.of(PacketType.UPTODATE, -1);
        } else if (message instanceof ZabMessage.Ping) {
            return QuorumPacket.of(PacketType.PING, 0);
        }
        throw new IllegalArgumentException("no packet for " + message);
    }

    /**
     * The protocol message a packet carries; empty for the roles' own packets (REQUEST,
     * REVALIDATE, SYNC). A packet no peer of ours may send is refused with a reason.
     */
    public Optional<ZabMessage> decode(QuorumPacket packet) {
        long zxid = packet.zxid();
        return Optional.ofNullable(switch (packet.type()) {
            case PacketType.FOLLOWERINFO, PacketType.OBSERVERINFO -> {
                LearnerInfo info = LearnerInfo.parse(packet.data());
                yield new ZabMessage.LearnerHello(info.serverId(), Zxid.epoch(zxid),
                        packet.type() == PacketType.OBSERVERINFO);
            }
            case PacketType.LEADERINFO -> {
                LeaderInfo info = LeaderInfo.parse(packet.data());
                if (info.protocolVersion() < LearnerInfo.PROTOCOL_VERSION) {
                    throw new JuteException("leader speaks quorum protocol 0x" + Integer.toHexString(
                            info.protocolVersion()) + ", before ZooKeeper 3.4's epoch negotiation");
                }
                yield new ZabMessage.LeaderInfo(Zxid.epoch(zxid));
            }
            case PacketType.ACKEPOCH -> new ZabMessage.AckEpoch(zxid, AckEpoch.parse(packet.data()).currentEpoch());
            case PacketType.DIFF -> new ZabMessage.Diff(zxid);
            case PacketType.TRUNC -> new ZabMessage.Trunc(zxid);
            case PacketType.SNAP -> new ZabMessage.Snap(zxid);
            case PacketType.PROPOSAL -> new ZabMessage.Proposal(new Txn(zxid, required(packet)));
            case PacketType.INFORM -> new ZabMessage.Inform(new Txn(zxid, required(packet)));
            case PacketType.COMMIT -> new ZabMessage.Commit(zxid);
            case PacketType.NEWLEADER -> new ZabMessage.NewLeader(zxid);
            case PacketType.ACK -> new ZabMessage.Ack(zxid);
            case PacketType.UPTODATE -> new ZabMessage.UpToDate();
            case PacketType.PING -> new ZabMessage.Ping();
            case PacketType.REQUEST, PacketType.REVALIDATE, PacketType.SYNC -> null;
            case PacketType.COMMITANDACTIVATE, PacketType.INFORMANDACTIVATE ->
                    throw new JuteException(PacketType.name(packet.type()) + " is dynamic reconfiguration,"
                            + " which Paddock does not support");
            default -> throw new JuteException("unknown quorum packet type " + packet.type());
        });
    }

    private static byte[] required(QuorumPacket packet) {
        if (packet.data() == null) {
            throw new JuteException(PacketType.name(packet.type()) + " without a txn");
        }
        return packet.data();
    }
}
