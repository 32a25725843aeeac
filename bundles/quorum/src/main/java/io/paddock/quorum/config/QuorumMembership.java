package io.paddock.quorum.config;

import io.paddock.api.quorum.QuorumView;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The members of an ensemble with majority quorums (ZooKeeper's {@code QuorumMaj}): a set of sids
 * is a quorum when it holds more than half of the participants; observers never count.
 *
 * <p>{@link #configText()} is what ZooKeeper keeps in {@code /zookeeper/config} and sends in
 * election notifications and NEWLEADER (QUORUM-FACTS.md, "Configuration text").
 */
public record QuorumMembership(long myId, SortedMap<Long, QuorumServer> members, long configVersion)
        implements QuorumView {
    public QuorumMembership {
        TreeMap<Long, QuorumServer> copy = new TreeMap<>(members);
        copy.forEach((sid, server) -> {
            if (sid != server.sid()) {
                throw new IllegalArgumentException("member " + server.sid() + " filed under sid " + sid);
            }
        });
        members = Collections.unmodifiableSortedMap(copy);
    }

    public QuorumMembership(long myId, Map<Long, QuorumServer> members, long configVersion) {
        this(myId, new TreeMap<>(members), configVersion);
    }

    @Override
    public Set<Long> voters() {
        return sidsWith(PeerRole.PARTICIPANT);
    }

    @Override
    public Set<Long> observers() {
        return sidsWith(PeerRole.OBSERVER);
    }

    @Override
    public boolean isQuorum(Set<Long> sids) {
        Set<Long> voters = voters();
        // ZooKeeper's QuorumMaj.containsQuorum counts the set as given, trusting callers to pass
        // voters only; the contract here ignores other sids, so they are filtered first.
        long votes = sids.stream().filter(voters::contains).count();
        return votes > voters.size() / 2;
    }

    /** The member with this sid, or null. */
    public QuorumServer member(long sid) {
        return members.get(sid);
    }

    /**
     * ZooKeeper's {@code QuorumMaj.toString()}: a {@code server.N=value} line per member, each
     * ending in a newline, then {@code version=} and the version in lower-case hex without
     * padding or newline. ZooKeeper lists members in its hash map's order, which is ascending for
     * sids below the map's capacity (16 for up to 12 members); we always list them ascending.
     */
    public String configText() {
        StringBuilder text = new StringBuilder(64 * members.size() + 16);
        for (QuorumServer server : members.values()) {
            text.append("server.").append(server.sid()).append('=').append(server.configValue()).append('\n');
        }
        return text.append("version=").append(Long.toHexString(configVersion)).toString();
    }

    /** {@link #configText()} in UTF-8, as ZooKeeper puts it into packets and the config znode. */
    public byte[] configBytes() {
        return configText().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a configuration text a peer sent (election notification, NEWLEADER) or a
     * {@code /zookeeper/config} value, as ZooKeeper's {@code QuorumPeer.configFromString} does:
     * Java properties holding only {@code server.N} keys and {@code version}. Several addresses per
     * member are accepted, since the sender allowed them.
     */
    public static QuorumMembership fromConfigText(long myId, String text) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new QuorumConfigException("configuration text: " + e.getMessage(), e);
        }
        TreeMap<Long, QuorumServer> members = new TreeMap<>();
        long version = 0;
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key);
            if (key.startsWith("server.")) {
                long sid = QuorumConfigParser.sidOf(key);
                if (members.put(sid, QuorumServer.parse(sid, key, value, true)) != null) {
                    throw new QuorumConfigException(key + ": sid " + sid + " is listed twice");
                }
            } else if (key.equals("version")) {
                version = QuorumConfigParser.hexVersion(key, value);
            } else if (key.startsWith("group") || key.startsWith("weight")) {
                throw QuorumConfigParser.hierarchicalUnsupported(key);
            } else {
                throw new QuorumConfigException("configuration text: unrecognised parameter " + key);
            }
        }
        return new QuorumMembership(myId, members, version);
    }

    /** In ascending order, so that whatever walks them (sends, logs) does so the same way every run. */
    private Set<Long> sidsWith(PeerRole role) {
        return Collections.unmodifiableSortedSet(members.values().stream().filter(s -> s.role() == role)
                .map(QuorumServer::sid).collect(Collectors.toCollection(TreeSet::new)));
    }
}
