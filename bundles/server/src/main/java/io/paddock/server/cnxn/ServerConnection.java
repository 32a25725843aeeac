package io.paddock.server.cnxn;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.AuthPacket;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.ConnectRequest;
import io.paddock.api.proto.ConnectResponse;
import io.paddock.api.proto.EventType;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.OpCode;
import io.paddock.api.proto.Perms;
import io.paddock.api.proto.ReplyHeader;
import io.paddock.api.proto.RequestHeader;
import io.paddock.api.proto.SaslToken;
import io.paddock.api.proto.WatcherEvent;
import io.paddock.api.transport.Connection;
import io.paddock.server.auth.AclCheck;
import io.paddock.server.auth.AuthIds;
import io.paddock.server.auth.DigestAuth;
import io.paddock.server.auth.SaslAuthenticator;
import io.paddock.server.processor.ClientChannel;
import io.paddock.server.processor.Request;
import io.paddock.server.session.SessionPassword;
import io.paddock.server.config.TlsSettings;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the handshake, then requests into the pipeline and replies out.
 * Frames arrive on the transport's thread; replies and notifications are sent from the final
 * stage's thread.
 */
final class ServerConnection implements ClientChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);
    /** Requests in flight before the connection stops being read (ZooKeeper's outstanding limit). */
    static final int MAX_OUTSTANDING = 1000;
    private static final int PING_XID = -2;
    private static final int AUTH_XID = -4;
    private static final int NOTIFICATION_XID = -1;

    private final ClientPort port;
    private final Connection connection;
    private final AuthIds authIds = new AuthIds();
    private final AtomicInteger inSync = new AtomicInteger();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final long establishedMillis = System.currentTimeMillis();
    private volatile boolean throttled;
    private volatile boolean closing;
    private volatile long sessionId;
    private volatile int sessionTimeout;
    private volatile boolean connectReceived;
    private volatile boolean readOnlyEcho;
    private volatile long lastZxid;
    /** The connection's SASL exchange; only the transport's thread touches it. */
    private SaslServer saslServer;

    ServerConnection(ClientPort port, Connection connection) {
        this.port = port;
        this.connection = connection;
        authIds.add(new Id("ip", connection.remoteAddress().getAddress().getHostAddress()));
        addX509Ids();
    }

    /**
     * A client certificate verified by the TLS handshake authenticates the connection as
     * {@code x509:<subject DN>}, as ZooKeeper's X509AuthenticationProvider does on its secure port.
     */
    private void addX509Ids() {
        List<X509Certificate> chain = connection.peerCertificates();
        if (chain.isEmpty()) {
            return;
        }
        String subject = chain.get(0).getSubjectX500Principal().getName();
        authIds.add(new Id("x509", subject));
        TlsSettings tls = port.settings().tls();
        if (tls != null && subject.equals(tls.x509SuperUser())) {
            authIds.add(new Id("super", ""));
        }
    }

    Connection connection() {
        return connection;
    }

    long sessionId() {
        return sessionId;
    }

    int sessionTimeout() {
        return sessionTimeout;
    }

    long received() {
        return received.get();
    }

    long sent() {
        return sent.get();
    }

    long established() {
        return establishedMillis;
    }

    int outstandingRequests() {
        return outstanding.get();
    }

    long lastZxid() {
        return lastZxid;
    }

    void onFrame(ByteBuffer frame) {
        received.incrementAndGet();
        port.countReceived();
        JuteInput in = new JuteInput(frame, port.settings().maxBuffer());
        if (!connectReceived) {
            onConnectRequest(in);
            return;
        }
        RequestHeader h;
        try {
            h = RequestHeader.read(in);
        } catch (JuteException e) {
            LOG.info("closing {}: bad request header: {}", connection.remoteAddress(), e.getMessage());
            connection.close();
            return;
        }
        port.touch(sessionId, sessionTimeout);
        if (h.type() == OpCode.AUTH) {
            onAuth(in);
            return;
        }
        if (h.type() == OpCode.SASL) {
            onSasl(h.xid(), in);
            return;
        }
        if (!mayProceedUnderEnforcedAuth(h.xid())) {
            return;
        }
        if (h.xid() == PING_XID && h.type() == OpCode.PING) {
            sendReply(PING_XID, port.db().lastProcessedZxid(), Code.OK, null);
            return;
        }
        Request r;
        try {
            JuteRecord body = RequestDecoder.decode(h.type(), in);
            if (body == null) {
                LOG.info("closing {} after unimplemented opcode {}", connection.remoteAddress(), h.type());
                // The connection ends once the reply is out; like ZooKeeper, read nothing more from
                // it meanwhile (a ping sent right behind would otherwise still be answered).
                closing = true;
                connection.pauseReading();
                r = Request.failed(this, sessionId, h.xid(), h.type(), Code.UNIMPLEMENTED);
            } else {
                r = Request.of(this, sessionId, h.xid(), h.type(), body == RequestDecoder.NO_BODY ? null : body);
            }
        } catch (JuteException e) {
            LOG.info("{} from {}: undecodable body: {}", OpCode.name(h.type()), connection.remoteAddress(),
                    e.getMessage());
            r = Request.failed(this, sessionId, h.xid(), h.type(), Code.MARSHALLINGERROR);
        }
        if (outstanding.incrementAndGet() >= MAX_OUTSTANDING && !throttled) {
            throttled = true;
            connection.pauseReading();
        }
        port.submit(r);
    }

    // protocol.md section 3, in ZooKeeper's order.
    private void onConnectRequest(JuteInput in) {
        ConnectRequest req;
        try {
            req = ConnectRequest.read(in);
        } catch (JuteException e) {
            LOG.info("closing {}: bad ConnectRequest: {}", connection.remoteAddress(), e.getMessage());
            connection.close();
            return;
        }
        connectReceived = true;
        readOnlyEcho = req.readOnlyPresent();
        if (!port.serving()) {
            // A quorum peer between roles: the client tries another server (ZooKeeper closes too).
            LOG.debug("closing {}: not serving clients now", connection.remoteAddress());
            connection.close();
            return;
        }
        // Until the ConnectResponse is out, pipelined frames wait (protocol.md section 2).
        connection.pauseReading();
        long ourZxid = port.db().lastProcessedZxid();
        if (req.lastZxidSeen() > ourZxid) {
            LOG.info("refusing session of {}: it has seen zxid 0x{}, ours is 0x{}", connection.remoteAddress(),
                    Long.toHexString(req.lastZxidSeen()), Long.toHexString(ourZxid));
            connection.close();
            return;
        }
        int timeout = port.settings().negotiateTimeout(req.timeOut());
        if (req.sessionId() == 0) {
            long id = port.sessions().nextId();
            port.submit(Request.createSession(this, id, timeout));
            return;
        }
        long id = req.sessionId();
        port.closeConnectionOf(id, this);
        if (!SessionPassword.matches(id, req.passwd())) {
            refuseResume(id, "wrong password");
            return;
        }
        port.validate(id, timeout, valid -> {
            if (valid) {
                LOG.debug("resumed session 0x{} for {}", Long.toHexString(id), connection.remoteAddress());
                establish(id, timeout);
            } else {
                refuseResume(id, "expired or closing");
            }
        });
    }

    /** The client learns its session is gone from a ConnectResponse with timeout 0 (protocol.md section 3). */
    private void refuseResume(long id, String why) {
        LOG.info("refusing to resume session 0x{} for {}: {}", Long.toHexString(id), connection.remoteAddress(), why);
        sendFrame(new ConnectResponse(0, 0, 0, new byte[SessionPassword.LENGTH], false, readOnlyEcho));
        connection.close();
    }

    @Override
    public void sessionCreated(long id, int timeout) {
        LOG.debug("created session 0x{} for {} with timeout {}", Long.toHexString(id), connection.remoteAddress(),
                timeout);
        establish(id, timeout);
    }

    private void establish(long id, int timeout) {
        sessionId = id;
        sessionTimeout = timeout;
        port.bind(id, this);
        sendFrame(new ConnectResponse(0, timeout, id, SessionPassword.of(id), false, readOnlyEcho));
        connection.resumeReading();
    }

    // protocol.md section 13.1
    private void onAuth(JuteInput in) {
        AuthPacket auth;
        try {
            auth = AuthPacket.read(in);
        } catch (JuteException e) {
            LOG.info("closing {}: bad auth packet: {}", connection.remoteAddress(), e.getMessage());
            connection.close();
            return;
        }
        if ("digest".equals(auth.scheme()) && auth.auth() != null) {
            String digest = DigestAuth.idFor(new String(auth.auth(), StandardCharsets.UTF_8));
            if (digest.equals(port.settings().superDigest())) {
                authIds.add(new Id("super", ""));
            }
            authIds.add(new Id("digest", digest));
            sendReply(AUTH_XID, 0, Code.OK, null);
        } else {
            LOG.info("auth failed for {}: scheme {} is not supported", connection.remoteAddress(), auth.scheme());
            sendReply(AUTH_XID, 0, Code.AUTHFAILED, null);
            connection.close();
        }
    }

    /**
     * One step of the SASL exchange, answered at once with zxid 0 as ZooKeeper answers it, outside
     * the pipeline (protocol.md sections 4 and 13.2). The stock client sends nothing else while
     * its exchange runs, so the reply cannot overtake another.
     */
    private void onSasl(int xid, JuteInput in) {
        byte[] token;
        try {
            token = SaslToken.read(in).token();
        } catch (JuteException e) {
            LOG.info("closing {}: bad sasl request: {}", connection.remoteAddress(), e.getMessage());
            connection.close();
            return;
        }
        if (token == null) {
            // ZooKeeper fails on the null token before it answers, and drops the connection.
            LOG.info("closing {}: sasl request without a token", connection.remoteAddress());
            connection.close();
            return;
        }
        SaslAuthenticator sasl = port.sasl();
        if (sasl == null) {
            // A ZooKeeper without a JAAS server section has no SaslServer for the connection: it
            // logs that and answers OK with a null token, which leaves the client's exchange stuck.
            LOG.warn("{} asked for SASL, which is not configured here", this);
            sendReply(xid, 0, Code.OK, new SaslToken(null));
            return;
        }
        byte[] challenge = null;
        try {
            if (saslServer == null) {
                saslServer = sasl.newServer();
            }
            challenge = saslServer.evaluateResponse(token);
            if (saslServer.isComplete()) {
                String user = saslServer.getAuthorizationID();
                LOG.info("session 0x{}: authenticated with SASL as {}", Long.toHexString(sessionId), user);
                authIds.add(new Id("sasl", user));
                if (user.equals(port.settings().sasl().superUser())) {
                    authIds.add(new Id("super", ""));
                }
            }
        } catch (SaslException e) {
            LOG.info("SASL authentication of {} failed: {}", this, e.getMessage());
            boolean required = port.settings().enforceAuthSchemes().contains("sasl");
            if (required || !port.settings().sasl().allowFailedClients()) {
                // ZooKeeper sends the empty response body even though the reply is an error.
                sendReplyWithBody(new ReplyHeader(xid, 0,
                        required ? Code.SESSIONCLOSEDREQUIRESASLAUTH : Code.AUTHFAILED), new SaslToken(null));
                connection.close();
                return;
            }
            LOG.info("keeping {} despite its failed SASL authentication (allowSaslFailedClients)", this);
        } catch (IllegalStateException e) {
            // A step after the exchange completed; ZooKeeper's connection dies of it unanswered.
            LOG.info("closing {}: {}", this, e.getMessage());
            connection.close();
            return;
        }
        sendReply(xid, 0, Code.OK, new SaslToken(challenge));
    }

    /**
     * ZooKeeper's enforce.auth (and sessionRequireClientSASLAuth): every request but auth and
     * sasl, pings included, needs an id of one of the schemes, else SESSIONCLOSEDREQUIRESASLAUTH
     * with zxid 0 and the connection closes (protocol.md section 10).
     */
    private boolean mayProceedUnderEnforcedAuth(int xid) {
        var schemes = port.settings().enforceAuthSchemes();
        if (schemes.isEmpty() || authIds.list().stream().anyMatch(id -> schemes.contains(id.scheme()))) {
            return true;
        }
        LOG.info("closing {}: it is not authenticated with any of {}", this, schemes);
        sendReply(xid, 0, Code.SESSIONCLOSEDREQUIRESASLAUTH, null);
        connection.close();
        return false;
    }

    private void sendReplyWithBody(ReplyHeader header, JuteRecord body) {
        JuteOutput out = new JuteOutput(16 + body.estimatedSize());
        header.write(out);
        body.write(out);
        send(out);
    }

    @Override
    public void sendReply(int xid, long zxid, int err, JuteRecord body) {
        JuteOutput out = new JuteOutput(body == null ? 16 : 16 + body.estimatedSize());
        new ReplyHeader(xid, zxid, err).write(out);
        if (err == Code.OK && body != null) {
            body.write(out);
        }
        if (zxid > 0) {
            lastZxid = zxid;
        }
        send(out);
    }

    @Override
    public boolean mayRead(List<Acl> acl) {
        return AclCheck.permits(acl, Perms.READ, authIds.list());
    }

    @Override
    public void notify(int eventType, String path, long zxid) {
        JuteOutput out = new JuteOutput(32 + path.length());
        new ReplyHeader(NOTIFICATION_XID, zxid, Code.OK).write(out);
        new WatcherEvent(eventType, EventType.STATE_SYNC_CONNECTED, path).write(out);
        send(out);
    }

    private void sendFrame(JuteRecord record) {
        JuteOutput out = new JuteOutput(64);
        record.write(out);
        send(out);
    }

    private void send(JuteOutput out) {
        sent.incrementAndGet();
        port.countSent();
        connection.sendFrame(out.toByteBuffer());
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public List<Id> authIds() {
        return authIds.list();
    }

    @Override
    public int inSync() {
        return inSync.get();
    }

    @Override
    public void enterSync() {
        inSync.incrementAndGet();
    }

    @Override
    public void leaveSync() {
        inSync.decrementAndGet();
    }

    @Override
    public void requestDone(Request request) {
        if (request.type() == OpCode.CREATE_SESSION || request.xid() == 0 && request.type() == OpCode.CLOSE_SESSION) {
            return; // not counted: they did not come in as frames
        }
        if (outstanding.decrementAndGet() <= MAX_OUTSTANDING / 2 && throttled && !closing) {
            throttled = false;
            connection.resumeReading();
        }
    }

    void closed() {
        disposeSasl();
        port.unbind(sessionId, this);
        port.db().tree().removeWatcher(this);
    }

    private void disposeSasl() {
        SaslServer s = saslServer;
        if (s != null) {
            try {
                s.dispose();
            } catch (SaslException e) {
                LOG.debug("disposing the SASL server of {}: {}", this, e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return connection.remoteAddress() + " session 0x" + Long.toHexString(sessionId);
    }
}
