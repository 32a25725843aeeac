package io.paddock.server.cnxn;

import io.paddock.api.proto.Code;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.OpCode;
import io.paddock.api.quorum.RequestOrigin;
import io.paddock.server.processor.ClientChannel;
import io.paddock.server.processor.Request;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a learner's REQUEST into a request for the leader's prep stage, decoded as the client's
 * own would be (protocol.md section 17). The learner chose a new session's id; the body of its
 * createSession is the timeout.
 */
public final class ForwardedRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardedRequests.class);

    private ForwardedRequests() {
    }

    public static Request decode(long sessionId, int cxid, int type, ByteBuffer body, List<Id> authIds,
                                 RequestOrigin origin, int maxBuffer) {
        if (type == OpCode.CREATE_SESSION) {
            if (body.remaining() < Integer.BYTES) {
                LOG.warn("forwarded createSession of 0x{} has no timeout; using 0", Long.toHexString(sessionId));
                return Request.forwardedCreateSession(sessionId, 0, origin);
            }
            return Request.forwardedCreateSession(sessionId, body.getInt(body.position()), origin);
        }
        ClientChannel replyTo = type == OpCode.SYNC ? new SyncReply(origin, authIds) : null;
        try {
            JuteRecord record = RequestDecoder.decode(type, new JuteInput(body, maxBuffer));
            if (record == null) {
                return Request.forwarded(replyTo, sessionId, cxid, type, null, Code.UNIMPLEMENTED, authIds, origin);
            }
            return Request.forwarded(replyTo, sessionId, cxid, type, record == RequestDecoder.NO_BODY ? null : record,
                    0, authIds, origin);
        } catch (JuteException e) {
            LOG.info("forwarded {} of session 0x{}: undecodable body: {}", OpCode.name(type), Long.toHexString(sessionId),
                    e.getMessage());
            return Request.forwarded(replyTo, sessionId, cxid, type, null, Code.MARSHALLINGERROR, authIds, origin);
        }
    }

    /** Where the leader's final stage answers a learner's sync: SYNC on the learner's link. */
    private record SyncReply(RequestOrigin origin, List<Id> authIds) implements ClientChannel {
        @Override
        public void sendReply(int xid, long zxid, int err, JuteRecord body) {
            origin.syncDone();
        }

        @Override
        public void sessionCreated(long sessionId, int timeout) {
        }

        @Override
        public void close() {
        }

        @Override
        public int inSync() {
            return 1;
        }

        @Override
        public void enterSync() {
        }

        @Override
        public void leaveSync() {
        }

        @Override
        public void requestDone(Request request) {
        }

        @Override
        public void notify(int eventType, String path, long zxid) {
        }
    }
}
