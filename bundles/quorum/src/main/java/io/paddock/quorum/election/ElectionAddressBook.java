package io.paddock.quorum.election;

import io.paddock.quorum.config.HostPort;
import io.paddock.quorum.config.PeerAddress;
import io.paddock.quorum.config.QuorumMembership;
import io.paddock.quorum.config.QuorumServer;
import io.paddock.quorum.wire.InitialMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The election addresses of an ensemble's members ({@code host:electionPort} of each
 * {@code server.N} line, observers included, as ZooKeeper's {@code QuorumPeer.getView()} holds
 * them) and of peers that announce themselves in their {@link InitialMessage}.
 */
final class ElectionAddressBook {
    private final QuorumMembership membership;

    ElectionAddressBook(QuorumMembership membership) {
        if (membership.member(membership.myId()) == null) {
            throw new IllegalArgumentException("sid " + membership.myId() + " is not a member");
        }
        this.membership = membership;
    }

    long myId() {
        return membership.myId();
    }

    /** Where peer {@code sid} listens for election connections; empty for a sid that is no member. */
    List<HostPort> addressesOf(long sid) {
        QuorumServer server = membership.member(sid);
        return server == null ? List.of() : server.addresses().stream().map(PeerAddress::electionAddress).toList();
    }

    /**
     * What this peer's header announces: every election address it has, as {@code host:port}
     * with IPv6 in brackets (ZooKeeper's {@code NetUtils.formatInetAddr}).
     */
    List<String> announcement() {
        return addressesOf(myId()).stream().map(HostPort::toString).toList();
    }

    /**
     * The addresses to listen on: this peer's election addresses, or with {@code onAllIps} (ZooKeeper's
     * {@code quorumListenOnAllIPs}) their ports on every interface. Resolves host names.
     */
    List<InetSocketAddress> listenAddresses(boolean onAllIps) {
        return addressesOf(myId()).stream()
                .map(a -> onAllIps ? new InetSocketAddress(a.port()) : new InetSocketAddress(a.host(), a.port()))
                .distinct()
                .toList();
    }

    /**
     * The addresses a peer announced in its header, minus the wildcards (0.0.0.0, ::), which
     * ZooKeeper drops too since nobody can connect to them. {@link InitialMessage#read} has
     * checked that each is {@code host:port} or {@code [v6]:port}.
     */
    static List<HostPort> announced(InitialMessage header) {
        List<HostPort> addresses = new ArrayList<>(header.addresses().size());
        for (String text : header.addresses()) {
            int colon = text.lastIndexOf(':');
            String host = text.substring(0, colon);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            if (!isWildcard(host)) {
                addresses.add(new HostPort(host, Integer.parseInt(text.substring(colon + 1))));
            }
        }
        return addresses;
    }

    /** ZooKeeper resolves the host to ask; literals are enough here, and never reach DNS. */
    private static boolean isWildcard(String host) {
        if (host.equals("0.0.0.0")) {
            return true;
        }
        if (host.indexOf(':') < 0) {
            return false;
        }
        try {
            return InetAddress.getByName("[" + host + "]").isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
