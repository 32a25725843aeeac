package io.paddock.quorum.wire;

import io.paddock.api.txn.Zxid;
import io.paddock.quorum.config.QuorumMembership;
import java.nio.charset.StandardCharsets;

/**
 * The data of NEWLEADER (QUORUM-FACTS.md, "Packet data"): the leader's last seen configuration
 * text in UTF-8 ({@link QuorumMembership#configText()}, {@code LearnerHandler.run} via
 * {@code Leader.getQuorumVerifierBytes}). A learner of protocol 0x10000 and later gets the text;
 * an older one gets null data. The packet's zxid is the new epoch shifted left 32 bits.
 *
 * <p>ZooKeeper's learner reads the text only when the data is longer than one byte and merely
 * prints a stack trace when it does not parse ({@code Learner.syncWithLeader}); {@link #parse}
 * gives null text in the first case and lets the caller see the refusal in the second.
 */
public record NewLeader(String configText) {
    public static NewLeader of(QuorumMembership membership) {
        return new NewLeader(membership.configText());
    }

    /** The packet's data as a learner reads it; {@code configText} is null when there is none. */
    public static NewLeader parse(byte[] data) {
        if (data == null || data.length <= 1) {
            return new NewLeader(null);
        }
        return new NewLeader(new String(data, StandardCharsets.UTF_8));
    }

    /** The membership the text describes, as seen by peer {@code myId}; null without text. */
    public QuorumMembership membership(long myId) {
        return configText == null ? null : QuorumMembership.fromConfigText(myId, configText);
    }

    public byte[] toBytes() {
        return configText == null ? null : configText.getBytes(StandardCharsets.UTF_8);
    }

    public QuorumPacket packet(long newEpoch) {
        return new QuorumPacket(PacketType.NEWLEADER, Zxid.of(newEpoch, 0), toBytes(), null);
    }
}
