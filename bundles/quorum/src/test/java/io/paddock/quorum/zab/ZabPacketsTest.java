package io.paddock.quorum.zab;

import static io.paddock.api.txn.Zxid.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.proto.JuteException;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZabPacketsTest {
    private static final String CONFIG = "server.1=127.0.0.1:2888:3888:participant\nversion=0";
    private final ZabPackets packets = new ZabPackets(0, CONFIG);
    private final Txn txn = new Txn(of(5, 1), new byte[] {1, 2, 3});

    @Test
    void everyProtocolMessageSurvivesItsPacket() {
        List<ZabMessage> messages = List.of(new ZabMessage.LearnerHello(2, 4, false),
                new ZabMessage.LearnerHello(4, 4, true), new ZabMessage.LeaderInfo(5),
                new ZabMessage.AckEpoch(of(4, 3), 4), new ZabMessage.AckEpoch(of(4, 3), -1),
                new ZabMessage.Diff(of(4, 3)), new ZabMessage.Trunc(of(4, 2)), new ZabMessage.Snap(of(4, 3)),
                new ZabMessage.Proposal(txn), new ZabMessage.Inform(txn), new ZabMessage.Commit(of(5, 1)),
                new ZabMessage.NewLeader(of(5, 0)), new ZabMessage.Ack(of(5, 1)), new ZabMessage.UpToDate(),
                new ZabMessage.Ping());
        for (ZabMessage message : messages) {
            assertThat(packets.decode(packets.encode(message))).contains(message);
        }
    }

    @Test
    void followerInfoCarriesTheAcceptedEpochInItsZxidAndNewLeaderTheMembership() {
        QuorumPacket hello = packets.encode(new ZabMessage.LearnerHello(2, 4, false));
        assertThat(hello.type()).isEqualTo(PacketType.FOLLOWERINFO);
        assertThat(hello.zxid()).isEqualTo(of(4, 0));
        QuorumPacket newLeader = packets.encode(new ZabMessage.NewLeader(of(5, 0)));
        assertThat(new String(newLeader.data(), StandardCharsets.UTF_8)).isEqualTo(CONFIG);
        assertThat(packets.encode(new ZabMessage.UpToDate()).zxid()).isEqualTo(-1);
    }

    @Test
    void theRolesOwnPacketsAreLeftToThem() {
        assertThat(packets.decode(QuorumPacket.of(PacketType.REVALIDATE, -1))).isEmpty();
        assertThat(packets.decode(QuorumPacket.of(PacketType.SYNC, 0))).isEmpty();
    }

    @Test
    void reconfigurationUnknownTypesAndProposalsWithoutATxnAreRefused() {
        assertThatThrownBy(() -> packets.decode(QuorumPacket.of(PacketType.COMMITANDACTIVATE, 1)))
                .isInstanceOf(JuteException.class).hasMessageContaining("dynamic reconfiguration");
        assertThatThrownBy(() -> packets.decode(QuorumPacket.of(42, 1)))
                .isInstanceOf(JuteException.class).hasMessageContaining("unknown quorum packet type 42");
        assertThatThrownBy(() -> packets.decode(QuorumPacket.of(PacketType.PROPOSAL, 1)))
                .isInstanceOf(JuteException.class).hasMessageContaining("without a txn");
    }
}
