package io.paddock.quorum.link;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.StatPersisted;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.quorum.link.Layout.Bytes;
import io.paddock.quorum.link.Layout.Fixed;
import io.paddock.quorum.link.Layout.Vector;
import io.paddock.quorum.wire.PacketType;
import io.paddock.quorum.wire.QuorumPacket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the quorum link's byte stream, fed in chunks of any size as an unframed transport
 * connection delivers them (protocol.md section 17): quorum packets back to back with no length
 * prefix and, on a learner's link to its leader, the snapshot that follows a SNAP packet
 * (bundles/quorum/SNAP-STREAM.md). It reads record by record, keeping only the bytes of an
 * unfinished one, and refuses a length or count out of range as soon as it arrives.
 *
 * <p>Every error is a {@link JuteException} naming what was wrong; the caller then closes the
 * connection. After any exception, including one thrown by the consumer, the decoder refuses
 * further input. Not thread-safe: one decoder per connection, fed from its transport thread.
 */
public final class LinkDecoder {
    /** The string a leader writes after the snapshot (ZooKeeper's {@code LearnerHandler}). */
    public static final String SIGNATURE = "BenWasHere";

    /** ACL reference, then StatPersisted: {@code czxid..mtime} longs, three int versions, two longs. */
    private static final int NODE_FIXED_TAIL = 8 + 4 * 8 + 3 * 4 + 2 * 8;

    private enum Stage {
        PACKET("a packet", List.of(new Fixed(12), new Bytes("packet data"),
                new Vector("authinfo", true, List.of(new Bytes("authinfo scheme"), new Bytes("authinfo id"))))),
        SESSION_COUNT("the session count", List.of(new Fixed(4))),
        SESSION("the sessions", List.of(new Fixed(12))),
        ACL_COUNT("the ACL cache size", List.of(new Fixed(4))),
        ACL_ENTRY("the ACL cache", List.of(new Fixed(8),
                new Vector("ACL", false, List.of(new Fixed(4), new Bytes("ACL id scheme"), new Bytes("ACL id"))))),
        NODE_PATH("the nodes", List.of(new Bytes("node path"))),
        NODE_BODY("the nodes", List.of(new Bytes("node data"), new Fixed(NODE_FIXED_TAIL))),
        SIGNATURE("the signature", List.of(new Bytes("snapshot signature")));

        final String what;
        final List<Layout> layout;

        Stage(String what, List<Layout> layout) {
            this.what = what;
            this.layout = layout;
        }
    }

    private final boolean snapshotAfterSnap;
    private final int maxLength;
    private final RecordScanner scanner;
    private final PendingBytes pending = new PendingBytes();
    private Stage stage;
    /** Sessions or ACL cache entries still to come. */
    private int left;
    /** The path of the node whose data comes next. */
    private String path;
    private long sessions;
    private long aclEntries;
    private long nodes;
    private boolean failed;

    private LinkDecoder(boolean snapshotAfterSnap, int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
        this.snapshotAfterSnap = snapshotAfterSnap;
        this.maxLength = maxLength;
        // Room for one buffer at the limit and as much again for the rest of the record (a
        // packet's authinfo, a node's path), so a lying vector count is refused on arrival.
        this.scanner = new RecordScanner(maxLength, (int) Math.min(Integer.MAX_VALUE - 8, 2L * maxLength + 1024));
        next(Stage.PACKET);
    }

    /**
     * A decoder for what a leader sends a learner: after a SNAP packet, the snapshot.
     *
     * @param maxLength the longest buffer or string accepted (packet data, node data, a path):
     *                  ZooKeeper's {@code jute.maxbuffer} plus its extra size
     */
    public static LinkDecoder fromLeader(int maxLength) {
        return new LinkDecoder(true, maxLength);
    }

    /** {@link #fromLeader(int)} with ZooKeeper's default limit, {@link JuteInput#DEFAULT_MAX_LENGTH}. */
    public static LinkDecoder fromLeader() {
        return fromLeader(JuteInput.DEFAULT_MAX_LENGTH);
    }

    /** A decoder for what a learner sends its leader: packets only; SNAP is never followed by a snapshot. */
    public static LinkDecoder fromLearner(int maxLength) {
        return new LinkDecoder(false, maxLength);
    }

    /** {@link #fromLearner(int)} with ZooKeeper's default limit, {@link JuteInput#DEFAULT_MAX_LENGTH}. */
    public static LinkDecoder fromLearner() {
        return fromLearner(JuteInput.DEFAULT_MAX_LENGTH);
    }

    /**
     * Reads all of {@code chunk}, handing every item it completes to {@code out} in order. The
     * chunk is consumed; the bytes of an unfinished record are copied, so the caller may reuse it.
     *
     * @throws JuteException if the stream is malformed
     */
    public void feed(ByteBuffer chunk, Consumer<? super LinkItem> out) {
        if (failed) {
            throw new IllegalStateException("the link could not be decoded earlier; the connection must be closed");
        }
        try {
            ByteBuffer in = pending.isEmpty() ? chunk : pending.append(chunk);
            for (int length = scanner.scan(in); length >= 0; length = scanner.scan(in)) {
                ByteBuffer record = in.slice(in.position(), length);
                in.position(in.position() + length);
                read(new JuteInput(record, maxLength), out);
            }
            pending.keep(in);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    /**
     * The stream has ended (the connection closed): refuses one that stopped inside a packet or
     * inside a snapshot. Does nothing after an earlier error, which has been reported already.
     *
     * @throws JuteException if the stream ends mid-record or mid-snapshot
     */
    public void end() {
        if (failed || stage == Stage.PACKET && pending.isEmpty()) {
            return;
        }
        failed = true;
        if (stage == Stage.PACKET) {
            throw new JuteException("stream ends inside a packet, " + pending.size() + " bytes into it");
        }
        throw new JuteException("stream ends inside the snapshot, in " + stage.what + " after " + sessions
                + " sessions, " + aclEntries + " ACL cache entries and " + nodes + " nodes, "
                + pending.size() + " bytes into the next record");
    }

    /** How many bytes of an unfinished record are held until the rest arrives. */
    public int bufferedBytes() {
        return pending.size();
    }

    private void read(JuteInput in, Consumer<? super LinkItem> out) {
        switch (stage) {
            case PACKET -> {
                QuorumPacket packet = QuorumPacket.read(in);
                if (snapshotAfterSnap && packet.type() == PacketType.SNAP) {
                    sessions = aclEntries = nodes = 0;
                    next(Stage.SESSION_COUNT);
                } else {
                    next(Stage.PACKET);
                }
                out.accept(new LinkItem.Packet(packet));
            }
            case SESSION_COUNT -> {
                left = count(in.readInt(), "session");
                next(left > 0 ? Stage.SESSION : Stage.ACL_COUNT);
            }
            case SESSION -> {
                LinkItem.Session session = new LinkItem.Session(in.readLong(), in.readInt());
                sessions++;
                next(--left > 0 ? Stage.SESSION : Stage.ACL_COUNT);
                out.accept(session);
            }
            case ACL_COUNT -> {
                left = count(in.readInt(), "ACL cache entry");
                next(left > 0 ? Stage.ACL_ENTRY : Stage.NODE_PATH);
            }
            case ACL_ENTRY -> {
                LinkItem.AclEntry entry = new LinkItem.AclEntry(in.readLong(), in.readVector(Acl::read));
                aclEntries++;
                next(--left > 0 ? Stage.ACL_ENTRY : Stage.NODE_PATH);
                out.accept(entry);
            }
            case NODE_PATH -> {
                String read = in.readString();
                if ("/".equals(read)) {
                    if (nodes == 0) {
                        throw new JuteException("snapshot has no nodes: the end marker \"/\" came before the root");
                    }
                    next(Stage.SIGNATURE);
                } else {
                    path = checkedPath(read);
                    next(Stage.NODE_BODY);
                }
            }
            case NODE_BODY -> {
                LinkItem.Node node = new LinkItem.Node(
                        new SnapshotNode(path, in.readBuffer(), in.readLong(), StatPersisted.read(in)));
                nodes++;
                next(Stage.NODE_PATH);
                out.accept(node);
            }
            case SIGNATURE -> {
                String signature = in.readString();
                if (!SIGNATURE.equals(signature)) {
                    throw new JuteException("snapshot signature is " + quoted(signature) + ", not \"" + SIGNATURE + "\"");
                }
                next(Stage.PACKET);
                out.accept(new LinkItem.SnapshotEnd(sessions, aclEntries, nodes));
            }
        }
    }

    private void next(Stage stage) {
        this.stage = stage;
        scanner.start(stage.layout);
    }

    /** ZooKeeper reads a negative count as none; it can only come from a broken leader, so it is refused. */
    private static int count(int n, String what) {
        if (n < 0) {
            throw new JuteException("invalid " + what + " count " + n);
        }
        return n;
    }

    /**
     * The root ("") first, then paths that start with "/". Whether each node's parent came
     * before it is left to the sink: ZooKeeper's reader accepts any parent-first order, and
     * knowing it here would mean holding every path.
     */
    private String checkedPath(String read) {
        if (read == null) {
            throw new JuteException("snapshot node path is null, after " + nodes + " nodes");
        }
        if (nodes == 0 && !read.isEmpty()) {
            throw new JuteException("snapshot's first node is " + quoted(read) + ", not the root \"\"");
        }
        if (nodes > 0 && !read.startsWith("/")) {
            throw new JuteException("snapshot node path " + quoted(read) + " does not start with \"/\"");
        }
        return read;
    }

    private static String quoted(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "\"";
    }
}
