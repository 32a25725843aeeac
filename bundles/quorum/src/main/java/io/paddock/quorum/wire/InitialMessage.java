package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;
import io.paddock.api.proto.JuteOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The header a peer sends first on an election connection (QuorumCnxManager, protocol.md
 * section 17): {@code protocolVersion:long, sid:long, addrLen:int, address bytes}. The
 * address is UTF-8 {@code host:port} text; version 2 may list several, separated by {@code |}.
 * This header is not jute: the address is a plain length-prefixed byte string.
 *
 * <p>Servers before 3.5 send only their sid. ZooKeeper tells the two apart by the sign of the
 * first long (protocol versions are negative, sids are not); such a header reads as
 * {@link #PROTOCOL_VERSION_NONE} with no addresses.
 */
public record InitialMessage(long protocolVersion, long sid, List<String> addresses) {
    public static final long PROTOCOL_VERSION_V1 = -65536L;
    public static final long PROTOCOL_VERSION_V2 = -65535L;
    /** The sid-only header of servers before 3.5; not a value on the wire. */
    public static final long PROTOCOL_VERSION_NONE = 0L;
    /**
     * The longest address text ZooKeeper accepts ({@code QuorumCnxManager.maxBuffer}); it
     * also refuses a length of 0, so this header always names at least one address.
     */
    public static final int MAX_ADDRESS_LENGTH = 2048;

    private static final Pattern SEPARATOR = Pattern.compile("\\|");

    public InitialMessage {
        addresses = List.copyOf(addresses);
        if (protocolVersion != PROTOCOL_VERSION_V1 && protocolVersion != PROTOCOL_VERSION_V2
                && protocolVersion != PROTOCOL_VERSION_NONE) {
            throw new IllegalArgumentException("unknown election protocol version " + protocolVersion);
        }
        if (protocolVersion == PROTOCOL_VERSION_NONE ? !addresses.isEmpty() : addresses.isEmpty()) {
            throw new IllegalArgumentException("protocol version " + protocolVersion
                    + " does not fit " + addresses.size() + " addresses");
        }
        if (sid < 0) {
            throw new IllegalArgumentException("negative sid " + sid);
        }
    }

    /** What a 3.9 peer sends: version 2 and every election address it listens on. */
    public static InitialMessage v2(long sid, List<String> addresses) {
        return new InitialMessage(PROTOCOL_VERSION_V2, sid, addresses);
    }

    /**
     * Reads the header as {@code QuorumCnxManager.handleConnection} and
     * {@code InitialMessage.parse} do, refusing what they refuse with a {@link JuteException}:
     * an unknown negative version, an address length outside 1..2048, fewer bytes than
     * announced, and an address that is not {@code host:port} with a numeric port. Unlike
     * ZooKeeper we keep wildcard addresses (0.0.0.0, ::) in the list; ZooKeeper drops them
     * because it cannot connect back to them, a decision for whoever uses the list.
     */
    public static InitialMessage read(JuteInput in) {
        long first = in.readLong();
        if (first >= 0) {
            return new InitialMessage(PROTOCOL_VERSION_NONE, first, List.of());
        }
        if (first != PROTOCOL_VERSION_V1 && first != PROTOCOL_VERSION_V2) {
            throw new JuteException("unrecognized election protocol version " + first);
        }
        long sid = in.readLong();
        int len = in.readInt();
        if (len <= 0 || len > MAX_ADDRESS_LENGTH) {
            throw new JuteException("unreasonable election address length " + len
                    + " from sid " + sid + " (1.." + MAX_ADDRESS_LENGTH + ")");
        }
        if (len > in.remaining()) {
            throw new JuteException("election header truncated: address of " + len + " bytes, "
                    + in.remaining() + " left, from sid " + sid);
        }
        byte[] text = new byte[len];
        in.buffer().get(text);
        List<String> addresses = new ArrayList<>();
        for (String address : SEPARATOR.split(new String(text, StandardCharsets.UTF_8))) {
            checkHostAndPort(address, sid);
            addresses.add(address);
        }
        if (sid < 0) {
            throw new JuteException("negative sid " + sid + " in election header");
        }
        // ZooKeeper's parse splits on '|' for V1 too; a V1 peer simply never sends more than one.
        return new InitialMessage(first, sid, addresses);
    }

    public void write(JuteOutput out) {
        out.writeLong(protocolVersion == PROTOCOL_VERSION_NONE ? sid : protocolVersion);
        if (protocolVersion == PROTOCOL_VERSION_NONE) {
            return;
        }
        byte[] text = String.join("|", addresses).getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("election addresses take " + text.length
                    + " bytes, more than the " + MAX_ADDRESS_LENGTH + " a peer accepts");
        }
        out.writeLong(sid).writeInt(text.length).writeRaw(text, 0, text.length);
    }

    public byte[] toBytes() {
        JuteOutput out = new JuteOutput(64);
        write(out);
        return out.toByteArray();
    }

    /** ZooKeeper's {@code ConfigUtils.getHostAndPort}: {@code host:port} or {@code [v6]:port}. */
    private static void checkHostAndPort(String address, long sid) {
        String port;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0 || close + 1 >= address.length() || address.charAt(close + 1) != ':'
                    || address.indexOf(':', close + 2) >= 0) {
                throw new JuteException("badly formed election address '" + address + "' from sid " + sid);
            }
            port = address.substring(close + 2);
        } else {
            String[] parts = address.split(":", -1);
            if (parts.length != 2) {
                throw new JuteException("badly formed election address '" + address + "' from sid " + sid);
            }
            port = parts[1];
        }
        int value;
        try {
            value = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new JuteException("bad port in election address '" + address + "' from sid " + sid);
        }
        if (value < 0 || value > 0xffff) {
            throw new JuteException("port out of range in election address '" + address + "' from sid " + sid);
        }
    }
}
