package io.paddock.quorum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same zoo.cfg keys and myid file given to our parser and to ZooKeeper 3.9.3's
 * {@code QuorumPeerConfig.parseProperties}: both accept or both refuse, and on acceptance they
 * agree on the mode, the sid, the role, every member's addresses and role, the client address and
 * the configuration text.
 */
class QuorumConfigParserCompatibilityTest {
    @TempDir
    Path dataDir;

    private static Map<String, String> cfg(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("tickTime", "2000");
        map.put("initLimit", "5");
        map.put("syncLimit", "2");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] == null) {
                map.remove(keysAndValues[i]);
            } else {
                map.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    private static final String[] THREE = {
        "server.1", "127.0.0.1:2888:3888;2181",
        "server.2", "127.0.0.2:2888:3888;2182",
        "server.3", "127.0.0.3:2888:3888;127.0.0.3:2183",
    };

    private static String[] three(String... more) {
        return Stream.concat(Stream.of(THREE), Stream.of(more)).toArray(String[]::new);
    }

    static Stream<Arguments> acceptedByBoth() {
        return Stream.of(
                Arguments.of("three participants with client ports on their lines", cfg(three()), "1"),
                Arguments.of("the third server, whose client part names a host", cfg(three()), "3"),
                Arguments.of("clientPort only: own line shows no client part", cfg(
                        "server.1", "127.0.0.1:2888:3888", "server.2", "127.0.0.2:2888:3888",
                        "server.3", "127.0.0.3:2888:3888", "clientPort", "2181"), "2"),
                Arguments.of("clientPort agreeing with the line's port", cfg(three("clientPort", "2181")), "1"),
                Arguments.of("clientPortAddress agreeing with the line", cfg(three(
                        "clientPort", "2183", "clientPortAddress", "127.0.0.3")), "3"),
                Arguments.of("an observer, with peerType observer", cfg(three(
                        "server.4", "127.0.0.4:2888:3888:observer;2184", "peerType", "observer")), "4"),
                Arguments.of("observer role in any case", cfg(three(
                        "server.4", "127.0.0.4:2888:3888:OBSERVER")), "4"),
                Arguments.of("peerType observer against a participant line: the line wins", cfg(three(
                        "peerType", "observer")), "1"),
                Arguments.of("peerType participant against an observer line: the line wins", cfg(three(
                        "server.4", "127.0.0.4:2888:3888:observer", "peerType", "participant")), "4"),
                Arguments.of("IPv6 literals in brackets", cfg(
                        "server.1", "[::1]:2888:3888;[::1]:2181", "server.2", "[fe80:0::2]:2888:3888:participant",
                        "server.3", "[::ffff:127.0.0.3]:2888:3888;2183"), "1"),
                Arguments.of("host names as written", cfg(
                        "server.1", "localhost:2888:3888;localhost:2181", "server.2", "localhost:2889:3889",
                        "server.3", "localhost:2890:3890"), "1"),
                Arguments.of("a single participant with standaloneEnabled default: standalone", cfg(
                        "server.1", "127.0.0.1:2888:3888;2181"), "1"),
                Arguments.of("a single participant, no myid: standalone", cfg(
                        "server.1", "127.0.0.1:2888:3888", "clientPort", "2181"), null),
                Arguments.of("no server lines: standalone", cfg("clientPort", "2181", "initLimit", null), null),
                Arguments.of("no server lines, no client port", cfg(), null),
                Arguments.of("a quorum of one with standaloneEnabled=false", cfg(
                        "server.1", "127.0.0.1:2888:3888;2181", "standaloneEnabled", "false"), "1"),
                Arguments.of("two participants", cfg("server.1", "127.0.0.1:2888:3888",
                        "server.2", "127.0.0.2:2888:3888"), "2"),
                Arguments.of("several addresses with multiAddress.enabled, listed out of order", cfg(three(
                        "server.1", "127.0.0.9:2888:3888|127.0.0.1:2889:3889;2181", "multiAddress.enabled", "true")), "1"),
                Arguments.of("a role on one address of several", cfg(three(
                        "server.4", "127.0.0.4:2888:3888|127.0.1.4:2888:3888:observer", "multiAddress.enabled", "true")), "4"),
                Arguments.of("a version key", cfg(three("version", "100000000")), "1"),
                Arguments.of("electionAlg 3, booleans in any case", cfg(three(
                        "electionAlg", "3", "quorumListenOnAllIPs", "TRUE", "standaloneEnabled", "True")), "2"),
                Arguments.of("a trailing ';' means no client part", cfg(three("server.2", "127.0.0.2:2888:3888;")), "2"),
                Arguments.of("a trailing '|' is ignored", cfg(three("server.2", "127.0.0.2:2888:3888|")), "2"),
                Arguments.of("wildcard client host on the line", cfg(three("server.1", "127.0.0.1:2888:3888;0.0.0.0:2181")), "1"),
                Arguments.of("sid 0 and a large sid", cfg("server.0", "127.0.0.1:2888:3888",
                        "server.12", "127.0.0.2:2888:3888", "server.7", "127.0.0.3:2888:3888"), "0"),
                Arguments.of("myid with CRLF", cfg(three()), "2\r\n"),
                Arguments.of("myid reads only the first line", cfg(three()), "3\n17\n"),
                Arguments.of("port 0 and 65535", cfg(three("server.1", "127.0.0.1:0:65535;0")), "1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedByBoth")
    void weAcceptWhatZooKeeperAcceptsAndAgreeOnEveryField(String name, Map<String, String> keys, String myid)
            throws IOException {
        writeMyId(myid);
        ZooKeeperConfigOracle.Outcome theirs = ZooKeeperConfigOracle.parse(keys, dataDir);
        assertThat(theirs.refusal()).as("ZooKeeper refused").isNull();

        PeerConfig ours = QuorumConfigParser.parse(keys, dataDir);

        assertThat(ours instanceof PeerConfig.Quorum).as("distributed").isEqualTo(theirs.distributed());
        assertThat(ours.clientAddress() == null ? null : ours.clientAddress().toString())
                .as("client address").isEqualTo(theirs.clientAddress());
        if (ours instanceof PeerConfig.Quorum quorum) {
            QuorumMembership m = quorum.membership();
            assertThat(quorum.myId()).isEqualTo(theirs.serverId());
            assertThat(quorum.role().name()).isEqualTo(theirs.peerType());
            assertThat(m.voters()).isEqualTo(theirs.voters());
            assertThat(m.observers()).isEqualTo(theirs.observers());
            assertThat(m.configText()).isEqualTo(theirs.configText());
            Map<Long, Set<String>> addresses = new TreeMap<>();
            m.members().forEach((sid, s) -> addresses.put(sid, s.addresses().stream()
                    .map(a -> a.host() + ":" + a.quorumPort() + ":" + a.electionPort())
                    .collect(Collectors.toCollection(TreeSet::new))));
            assertThat(addresses).isEqualTo(theirs.addresses());
        }
    }

    static Stream<Arguments> refusedByBoth() {
        return Stream.of(
                Arguments.of(cfg(three("electionAlg", "1")), "1", "electionAlg"),
                Arguments.of(cfg(three("electionAlg", "x")), "1", "electionAlg"),
                Arguments.of(cfg(three("peerType", "leader")), "1", "peerType"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:2888")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:x:3888")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:3888:voter")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:3888:participant:x")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:70000")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:3888|127.0.1.2:2888:3888")), "1", "multiAddress.enabled"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:3888:observer|127.0.1.2:2888:3888:participant",
                        "multiAddress.enabled", "true")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:3888;2182;2183")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:3888;a:b:2182")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:3888;x")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "[::1:2888:3888")), "1", "server.2"),
                Arguments.of(cfg(three("server.2", "::1:2888:3888")), "1", "server.2"),
                Arguments.of(cfg(three("server.x", "127.0.0.9:2888:3888")), "1", "server.x"),
                Arguments.of(cfg(three()), null, "myid"),
                Arguments.of(cfg(three("initLimit", null)), "1", "initLimit"),
                Arguments.of(cfg(three("syncLimit", null)), "1", "syncLimit"),
                Arguments.of(cfg(three("initLimit", "abc")), "1", "initLimit"),
                Arguments.of(cfg(three("tickTime", "0")), "1", "tickTime"),
                Arguments.of(cfg("server.1", "127.0.0.1:2888:3888:observer"), null, "observers"),
                Arguments.of(cfg("server.1", "127.0.0.1:2888:3888", "server.2", "127.0.0.2:2888:3888:observer"), "1",
                        "observers"),
                Arguments.of(cfg("standaloneEnabled", "false"), null, "standaloneEnabled"),
                Arguments.of(cfg(three("standaloneEnabled", "yes")), "1", "standaloneEnabled"),
                Arguments.of(cfg(three("quorumListenOnAllIPs", "1")), "1", "quorumListenOnAllIPs"),
                Arguments.of(cfg(three("clientPortAddress", "127.0.0.1")), "1", "clientPortAddress"),
                Arguments.of(cfg(three("clientPort", "2182")), "1", "server.1"),
                Arguments.of(cfg(three("clientPort", "2183", "clientPortAddress", "127.0.0.9")), "3", "server.3"),
                Arguments.of(cfg(three("clientPort", "99999")), "1", "clientPort"),
                Arguments.of(cfg(three()), "4", "myid"),
                Arguments.of(cfg(three()), "", "myid"),
                Arguments.of(cfg(three()), " 1", "myid"),
                Arguments.of(cfg(three()), "1 ", "myid"),
                Arguments.of(cfg(three()), "one", "myid"),
                Arguments.of(cfg(three()), "\n1", "myid"),
                Arguments.of(cfg(three()), "-1", "myid"),
                Arguments.of(cfg(three("version", "xyz")), "1", "version"));
    }

    @ParameterizedTest(name = "{0} myid={1}")
    @MethodSource("refusedByBoth")
    void weRefuseWhatZooKeeperRefusesNamingTheKey(Map<String, String> keys, String myid, String named)
            throws IOException {
        writeMyId(myid);
        assertThat(ZooKeeperConfigOracle.parse(keys, dataDir).refusal()).as("ZooKeeper's refusal").isNotNull();

        assertThatThrownBy(() -> QuorumConfigParser.parse(keys, dataDir))
                .isInstanceOf(QuorumConfigException.class).hasMessageContaining(named);
    }

    static Stream<Arguments> zooKeeperLetsThrough() {
        return Stream.of(
                Arguments.of(cfg(three("server.2", ":2888:3888")), "1", "server.2: empty host"),
                Arguments.of(cfg(three("server.2", "[::2]x2888:3888")), "1", "server.2: '[::2]x2888:3888' needs ':port'"),
                Arguments.of(cfg(three("server.02", "127.0.0.9:2888:3888")), "1", "server.2"),
                Arguments.of(cfg(three("server.+4", "127.0.0.4:2888:3888")), "1", "server.+4"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:+2888:3888")), "1", "server.2: quorum port '+2888'"),
                Arguments.of(cfg(three("server.2", "127.0.0.2:2888:3888|127.0.0.2:2888:3888",
                        "multiAddress.enabled", "true")), "1", "an address appears twice"),
                Arguments.of(cfg(three("server.2", "1.2.3:2888:3888")), "1", "not an IPv4 address"),
                Arguments.of(cfg(three("initLimit", "-1")), "1", "initLimit=-1"),
                Arguments.of(cfg(three("group.1", "1:2:3", "weight.1", "1", "weight.2", "1", "weight.3", "1")), "1",
                        "hierarchical quorums"),
                Arguments.of(cfg(three()), "+1", "myid"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("zooKeeperLetsThrough")
    void weRefuseSlipsZooKeeperLetsThrough(Map<String, String> keys, String myid, String message) throws IOException {
        writeMyId(myid);
        assertThat(ZooKeeperConfigOracle.parse(keys, dataDir).refusal()).as("ZooKeeper's refusal").isNull();

        assertThatThrownBy(() -> QuorumConfigParser.parse(keys, dataDir))
                .isInstanceOf(QuorumConfigException.class).hasMessageContaining(message);
    }

    @Test
    void theDocumentedConfigTextOfAThreeServerEnsemble() throws IOException {
        writeMyId("1");
        PeerConfig.Quorum quorum = (PeerConfig.Quorum) QuorumConfigParser.parse(cfg(three()), dataDir);

        assertThat(quorum.membership().configText()).isEqualTo("""
                server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181
                server.2=127.0.0.2:2888:3888:participant;0.0.0.0:2182
                server.3=127.0.0.3:2888:3888:participant;127.0.0.3:2183
                version=0""");
        assertThat(quorum.membership().configVersion()).isZero();
        assertThat(quorum.clientAddress()).isEqualTo(HostPort.wildcard(2181));
        assertThat(quorum.initLimit()).isEqualTo(5);
        assertThat(quorum.syncLimit()).isEqualTo(2);
        assertThat(quorum.tickTime()).isEqualTo(2000);
        assertThat(quorum.warnings()).isEmpty();
    }

    @Test
    void aPeerTypeThatContradictsTheServerLineIsAWarningAndTheLineWins() throws IOException {
        writeMyId("1");
        PeerConfig.Quorum quorum = (PeerConfig.Quorum) QuorumConfigParser.parse(cfg(three("peerType", "observer")), dataDir);

        assertThat(quorum.role()).isEqualTo(PeerRole.PARTICIPANT);
        assertThat(quorum.warnings()).singleElement().asString().contains("peerType=observer", "server.1");
    }

    @Test
    void defaultsAreZooKeepers() throws IOException {
        writeMyId("2");
        Map<String, String> keys = cfg(three("tickTime", null));
        PeerConfig.Quorum quorum = (PeerConfig.Quorum) QuorumConfigParser.parse(keys, dataDir);

        assertThat(quorum.tickTime()).isEqualTo(3000);
        assertThat(quorum.quorumListenOnAllIps()).isFalse();
        assertThat(quorum.multiAddressEnabled()).isFalse();
    }

    @Test
    void theMultiAddressKeyAloneDoesNotEnableSeveralAddressesInZooKeeper() throws IOException {
        writeMyId("1");
        Map<String, String> keys = cfg(three("server.2", "127.0.0.2:2888:3888|127.0.1.2:2888:3888",
                "multiAddress.enabled", "true"));
        Map<String, String> withoutProperty = new LinkedHashMap<>(keys);
        withoutProperty.put("multiAddress.enabled", "TRUE ");

        // The oracle sets the system property only for exactly "true"; a differently spelt true
        // leaves it unset, and then ZooKeeper refuses the line despite the key.
        assertThat(ZooKeeperConfigOracle.parse(withoutProperty, dataDir).refusal())
                .contains("Multiple address feature is disabled");
        assertThat(QuorumConfigParser.parse(withoutProperty, dataDir)).isInstanceOf(PeerConfig.Quorum.class);
    }

    @Test
    void unsupportedFeaturesAreRefusedByName() {
        assertThat(catchThrowable(() -> QuorumConfigParser.parse(cfg(three("dynamicConfigFile", "/x/zoo.cfg.dynamic")),
                dataDir))).isInstanceOf(QuorumConfigException.class).hasMessageStartingWith("dynamicConfigFile");
        assertThat(catchThrowable(() -> QuorumConfigParser.parse(cfg(three("reconfigEnabled", "true")), dataDir)))
                .isInstanceOf(QuorumConfigException.class).hasMessageStartingWith("reconfigEnabled=true");
        assertThat(catchThrowable(() -> QuorumConfigParser.parse(cfg(three("reconfigEnabled", "false")), dataDir)))
                .isInstanceOf(QuorumConfigException.class).hasMessageStartingWith("myid");
    }

    @Test
    void aMyIdMissingFromTheServerListIsRefusedAtParseTime() throws IOException {
        writeMyId("4");

        assertThatThrownBy(() -> QuorumConfigParser.parse(cfg(three()), dataDir))
                .isInstanceOf(QuorumConfigException.class)
                .hasMessageContaining("server id 4").hasMessageContaining("[1, 2, 3]");
    }

    private void writeMyId(String text) throws IOException {
        if (text != null) {
            Files.writeString(dataDir.resolve("myid"), text);
        }
    }
}
