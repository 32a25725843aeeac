package io.paddock.election.fle;

import io.paddock.api.election.PeerState;
import io.paddock.api.election.Vote;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A FastLeaderElection notification (protocol.md section 17). We send only the version-2 form:
 * {@code state:int, leader:long, zxid:long, electionEpoch:long, peerEpoch:long, version:int,
 * configLength:int, config}. The sender's sid is not in the message; it is the peer at the
 * other end of the election connection.
 *
 * <p>{@link #decode} reads what ZooKeeper 3.9.3's {@code Messenger.WorkerReceiver} reads,
 * keyed on the message length: under 28 bytes is refused; exactly 28 bytes is state, leader,
 * zxid and electionEpoch, with peerEpoch taken from the zxid's epoch and version 0; exactly 40
 * bytes adds peerEpoch and ignores the 4 bytes after it (version reads 0, not the value sent);
 * any other length reads peerEpoch and version, and a version above 1 then a config length
 * (0..message length) and that many bytes. Trailing bytes are ignored.
 */
public record Notification(PeerState state, long leader, long zxid, long electionEpoch, long peerEpoch,
                           int version, byte[] config) {
    /** The only version we write; ZooKeeper 3.5+ writes it too. */
    public static final int CURRENT_VERSION = 2;
    private static final byte[] NO_CONFIG = new byte[0];

    public Notification {
        Objects.requireNonNull(state, "state");
        config = config == null ? NO_CONFIG : config;
    }

    /** A version-2 notification proposing {@code vote} with this peer's config text bytes. */
    public static Notification of(Vote vote, byte[] config) {
        return new Notification(vote.state(), vote.leader(), vote.zxid(), vote.electionEpoch(), vote.peerEpoch(),
                CURRENT_VERSION, config);
    }

    public Vote vote() {
        return new Vote(leader, zxid, electionEpoch, peerEpoch, state);
    }

    /** The version-2 form, byte for byte what ZooKeeper's {@code FastLeaderElection.buildMsg} builds. */
    public byte[] encode() {
        return ByteBuffer.allocate(44 + config.length)
                .putInt(state.code()).putLong(leader).putLong(zxid).putLong(electionEpoch).putLong(peerEpoch)
                .putInt(CURRENT_VERSION).putInt(config.length).put(config)
                .array();
    }

    public static Notification decode(byte[] message) {
        int length = message.length;
        if (length < 28) {
            throw new NotificationFormatException("notification of " + length + " bytes, at least 28 expected");
        }
        ByteBuffer buf = ByteBuffer.wrap(message);
        try {
            int stateCode = buf.getInt();
            long leader = buf.getLong();
            long zxid = buf.getLong();
            long electionEpoch = buf.getLong();
            long peerEpoch;
            int version = 0;
            byte[] config = NO_CONFIG;
            if (length == 28) {
                // Servers before 3.4 send no peerEpoch; ZooKeeper takes the zxid's epoch.
                peerEpoch = zxid >>> 32;
            } else {
                peerEpoch = buf.getLong();
                if (length != 40) {
                    version = buf.getInt();
                }
            }
            if (version > 1) {
                int configLength = buf.getInt();
                if (configLength < 0 || configLength > length) {
                    throw new NotificationFormatException("invalid config length " + configLength
                            + " in a notification of " + length + " bytes, version " + version);
                }
                if (configLength > buf.remaining()) {
                    throw new NotificationFormatException("notification truncated: config of " + configLength
                            + " bytes, " + buf.remaining() + " left");
                }
                config = new byte[configLength];
                buf.get(config);
            }
            return new Notification(state(stateCode), leader, zxid, electionEpoch, peerEpoch, version, config);
        } catch (BufferUnderflowException e) {
            throw new NotificationFormatException("notification of " + length + " bytes is truncated");
        }
    }

    private static PeerState state(int code) {
        try {
            return PeerState.of(code);
        } catch (IllegalArgumentException e) {
            throw new NotificationFormatException("unknown peer state " + code + " in a notification");
        }
    }
}
