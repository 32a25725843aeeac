package io.paddock.quorum.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One member of the ensemble, as a {@code server.N} line describes it (ZooKeeper's
 * {@code QuorumPeer.QuorumServer}; QUORUM-FACTS.md, "Server lines"):
 * {@code host:quorumPort:electionPort[:role][|host:quorumPort:electionPort[:role]...][;[clientHost:]clientPort]}.
 *
 * <p>{@code clientAddress} is null when neither the line nor, for this peer's own line, the
 * {@code clientPort} key gives one. {@code clientAddressFromStatic} marks an address taken from
 * {@code clientPort}: ZooKeeper leaves such an address out of the configuration text, and so do we.
 */
public record QuorumServer(long sid, List<PeerAddress> addresses, PeerRole role, HostPort clientAddress,
        boolean clientAddressFromStatic) {
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    public QuorumServer {
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("server " + sid + " has no address");
        }
        if (clientAddressFromStatic && clientAddress == null) {
            throw new IllegalArgumentException("server " + sid + ": a client address from clientPort needs an address");
        }
    }

    /** The same member with the client address this peer's {@code clientPort} gives it. */
    QuorumServer withStaticClientAddress(HostPort address) {
        return new QuorumServer(sid, addresses, role, address, true);
    }

    /**
     * Parses the value of a {@code server.N} key as ZooKeeper 3.9.3's
     * {@code QuorumServer.initializeWithAddressString} does, refusing what it refuses and a few
     * slips it lets through (listed in QUORUM-FACTS.md): an empty host, a bracketed IPv6 host not
     * followed by {@code :}, a signed port, and the same address twice in one line.
     *
     * @param key the key, for messages ({@code server.3})
     * @param multiAddressEnabled whether several addresses may be given ({@code multiAddress.enabled})
     */
    public static QuorumServer parse(long sid, String key, String value, boolean multiAddressEnabled) {
        // String.split drops trailing empty parts; ZooKeeper relies on that too, so "h:1:2;" has no
        // client part and "h:1:2|" one address.
        String[] serverAndClient = value.trim().split(";");
        if (serverAndClient.length > 2) {
            throw new QuorumConfigException(key + "=" + value + ": more than one ';' (expected "
                    + "host:quorumPort:electionPort[:role][;[clientHost:]clientPort])");
        }
        HostPort client = serverAndClient.length == 2 ? parseClient(key, serverAndClient[1]) : null;

        String[] texts = serverAndClient[0].split("\\|");
        if (texts.length > 1 && !multiAddressEnabled) {
            throw new QuorumConfigException(key + "=" + value + ": several addresses separated by '|' "
                    + "need multiAddress.enabled=true");
        }
        List<PeerAddress> addresses = new ArrayList<>(texts.length);
        Set<HostPort> seen = new HashSet<>();
        PeerRole role = null;
        for (String text : texts) {
            String[] parts = hostAndPorts(key, text);
            if (parts.length < 3 || parts.length > 4) {
                throw new QuorumConfigException(key + "=" + value + ": '" + text + "' is not "
                        + "host:quorumPort:electionPort or host:quorumPort:electionPort:role");
            }
            String host = Hosts.canonical(parts[0], key);
            int quorumPort = port(key, parts[1], "quorum port");
            int electionPort = port(key, parts[2], "election port");
            if (quorumPort == electionPort) {
                throw new QuorumConfigException(key + "=" + value + ": the quorum port and the election port "
                        + "must differ (both " + quorumPort + ")");
            }
            if (parts.length == 4) {
                PeerRole typed = PeerRole.parse(parts[3], key);
                // Addresses without a role take the others'; two different roles are refused.
                if (role != null && role != typed) {
                    throw new QuorumConfigException(key + "=" + value + ": the addresses name different roles ("
                            + role.configWord() + " and " + typed.configWord() + ")");
                }
                role = typed;
            }
            PeerAddress address = new PeerAddress(host, quorumPort, electionPort);
            if (!seen.add(address.quorumAddress()) || !seen.add(address.electionAddress())) {
                throw new QuorumConfigException(key + "=" + value + ": an address appears twice");
            }
            addresses.add(address);
        }
        return new QuorumServer(sid, addresses, role == null ? PeerRole.PARTICIPANT : role, client, false);
    }

    /**
     * The value ZooKeeper writes for this member in the configuration text
     * ({@code QuorumServer.toString()}), e.g. {@code 127.0.0.1:2888:3888:participant;0.0.0.0:2181}.
     * ZooKeeper sorts the addresses by host text; with one host listed twice its order is that of
     * a hash set, and ours is the order of the line.
     */
    public String configValue() {
        StringBuilder text = new StringBuilder(64);
        text.append(addresses.stream()
                .sorted(Comparator.comparing(PeerAddress::host))
                .map(a -> Hosts.delimited(a.host()) + ":" + a.quorumPort() + ":" + a.electionPort())
                .collect(Collectors.joining("|")));
        text.append(':').append(role.configWord());
        if (clientAddress != null && !clientAddressFromStatic) {
            text.append(';').append(clientAddress);
        }
        return text.toString();
    }

    private static HostPort parseClient(String key, String text) {
        String[] parts = hostAndPorts(key, text);
        if (parts.length > 2) {
            throw new QuorumConfigException(key + ": client address '" + text + "' is not clientPort or clientHost:clientPort");
        }
        String host = parts.length == 2 ? Hosts.canonical(parts[0], key) : "0.0.0.0";
        return new HostPort(host, port(key, parts[parts.length - 1], "client port"));
    }

    /**
     * ZooKeeper's {@code ConfigUtils.getHostAndPort}: {@code [v6]:a:b} or {@code host:a:b}, split on
     * ':'. ZooKeeper skips the character after ']' unseen; we insist it is ':'.
     */
    private static String[] hostAndPorts(String key, String text) {
        if (!text.startsWith("[")) {
            return text.split(":");
        }
        int close = text.indexOf(']');
        if (close < 0) {
            throw new QuorumConfigException(key + ": '" + text + "' opens '[' without a closing ']'");
        }
        if (close + 1 >= text.length() || text.charAt(close + 1) != ':' || close + 2 == text.length()) {
            throw new QuorumConfigException(key + ": '" + text + "' needs ':port' after the ']'");
        }
        String[] ports = text.substring(close + 2).split(":");
        String[] parts = new String[ports.length + 1];
        parts[0] = text.substring(1, close);
        System.arraycopy(ports, 0, parts, 1, ports.length);
        return parts;
    }

    private static int port(String key, String text, String what) {
        if (!PORT.matcher(text).matches() || Integer.parseInt(text) > 0xffff) {
            throw new QuorumConfigException(key + ": " + what + " '" + text + "' is not a port (0-65535)");
        }
        return Integer.parseInt(text);
    }
}
