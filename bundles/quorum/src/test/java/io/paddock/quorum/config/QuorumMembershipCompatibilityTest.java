package io.paddock.quorum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Members, quorums and the configuration text, against ZooKeeper's QuorumMaj and QuorumServer. */
class QuorumMembershipCompatibilityTest {
    private static QuorumMaj zooKeeperMaj(String text) throws Exception {
        Properties props = new Properties();
        props.load(new StringReader(text));
        return new QuorumMaj(props);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1:2888:3888",
        "127.0.0.1:2888:3888:observer",
        "127.0.0.1:2888:3888:Participant;2181",
        "127.0.0.1:2888:3888;10.1.2.3:2181",
        "[::1]:2888:3888;[::]:2181",
        "[2001:DB8::1]:2888:3888:observer;[2001:db8::1]:2181",
        "zk-1.example.test:2888:3888;zk-1.example.test:2181",
        "127.0.0.1:2888:3888: observer ",
    })
    void aServerLineReadsAndPrintsAsZooKeepersQuorumServer(String value) throws Exception {
        QuorumPeer.QuorumServer theirs = new QuorumPeer.QuorumServer(7, value);

        QuorumServer ours = QuorumServer.parse(7, "server.7", value, false);

        assertThat(ours.configValue()).isEqualTo(theirs.toString());
        assertThat(ours.role().name()).isEqualTo(theirs.type.name());
        assertThat(ours.clientAddress() == null ? null : ours.clientAddress().toString())
                .isEqualTo(ZooKeeperConfigOracle.text(theirs.clientAddr));
    }

    @Test
    void severalAddressesPrintSortedByHostAsZooKeeperPrintsThem() throws Exception {
        String value = "zk-b.example.test:2890:3890|127.0.0.9:2888:3888|zk-a.example.test:2889:3889:observer;2181";
        String saved = System.getProperty(QuorumPeer.CONFIG_KEY_MULTI_ADDRESS_ENABLED);
        System.setProperty(QuorumPeer.CONFIG_KEY_MULTI_ADDRESS_ENABLED, "true");
        QuorumPeer.QuorumServer theirs;
        try {
            theirs = new QuorumPeer.QuorumServer(2, value);
        } finally {
            if (saved == null) {
                System.clearProperty(QuorumPeer.CONFIG_KEY_MULTI_ADDRESS_ENABLED);
            } else {
                System.setProperty(QuorumPeer.CONFIG_KEY_MULTI_ADDRESS_ENABLED, saved);
            }
        }

        QuorumServer ours = QuorumServer.parse(2, "server.2", value, true);

        assertThat(ours.configValue()).isEqualTo(theirs.toString())
                .isEqualTo("127.0.0.9:2888:3888|zk-a.example.test:2889:3889|zk-b.example.test:2890:3890:observer;0.0.0.0:2181");
        assertThat(ours.addresses()).extracting(PeerAddress::host)
                .containsExactly("zk-b.example.test", "127.0.0.9", "zk-a.example.test");
    }

    @Test
    void isQuorumAgreesWithQuorumMajOnEverySubsetOfVoters() throws Exception {
        for (int voters = 1; voters <= 6; voters++) {
            StringBuilder text = new StringBuilder();
            for (int sid = 1; sid <= voters; sid++) {
                text.append("server.").append(sid).append("=127.0.0.").append(sid).append(":2888:3888\n");
            }
            text.append("server.20=127.0.0.20:2888:3888:observer\nserver.21=127.0.0.21:2888:3888:observer\n");
            QuorumMaj theirs = zooKeeperMaj(text.toString());
            QuorumMembership ours = QuorumMembership.fromConfigText(1, text.toString());

            assertThat(ours.voters()).isEqualTo(theirs.getVotingMembers().keySet());
            assertThat(ours.observers()).isEqualTo(Set.of(20L, 21L)).isEqualTo(theirs.getObservingMembers().keySet());
            for (int mask = 0; mask < 1 << voters; mask++) {
                Set<Long> sids = new HashSet<>();
                for (int bit = 0; bit < voters; bit++) {
                    if ((mask & 1 << bit) != 0) {
                        sids.add((long) bit + 1);
                    }
                }
                assertThat(ours.isQuorum(sids)).as("%d voters, %s", voters, sids).isEqualTo(theirs.containsQuorum(sids));
            }
        }
    }

    @Test
    void observersAndStrangersDoNotMakeAQuorum() {
        QuorumMembership m = QuorumMembership.fromConfigText(1, """
                server.1=127.0.0.1:2888:3888
                server.2=127.0.0.2:2888:3888
                server.3=127.0.0.3:2888:3888
                server.4=127.0.0.4:2888:3888:observer
                server.5=127.0.0.5:2888:3888:observer
                """);

        assertThat(m.isQuorum(Set.of(1L, 4L, 5L, 99L))).isFalse();
        assertThat(m.isQuorum(Set.of(1L, 3L))).isTrue();
        assertThat(m.isVoter(4)).isFalse();
        assertThat(m.isVoter(2)).isTrue();
    }

    @Test
    void theConfigTextZooKeeperWritesReadsBackToTheSameText() throws Exception {
        String text = """
                server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181
                server.2=[0:0:0:0:0:0:0:1]:2889:3889:participant
                server.3=zk3.example.test:2890:3890:observer;zk3.example.test:2183
                version=100000002""";
        QuorumMaj theirs = zooKeeperMaj(text);

        QuorumMembership ours = QuorumMembership.fromConfigText(2, text);

        assertThat(theirs.toString()).isEqualTo(text);
        assertThat(ours.configText()).isEqualTo(text);
        assertThat(ours.configVersion()).isEqualTo(0x100000002L).isEqualTo(theirs.getVersion());
        assertThat(ours.configBytes()).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(ours.member(3).clientAddress()).isEqualTo(new HostPort("zk3.example.test", 2183));
    }

    @Test
    void aStaticConfigurationHasVersionZero() throws Exception {
        QuorumMaj theirs = zooKeeperMaj("server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.2:2888:3888\n");

        assertThat(theirs.getVersion()).isZero();
        assertThat(theirs.toString()).endsWith("\nversion=0");
    }

    @Test
    void aReceivedConfigTextWithOtherKeysIsRefusedAsZooKeeperRefusesIt() {
        assertThatThrownBy(() -> QuorumMembership.fromConfigText(1, "server.1=127.0.0.1:2888:3888\ntickTime=2000\n"))
                .isInstanceOf(QuorumConfigException.class).hasMessageContaining("unrecognised parameter tickTime");
        assertThatThrownBy(() -> QuorumMembership.fromConfigText(1, "server.1=127.0.0.1:2888:3888\ngroup.1=1\n"))
                .isInstanceOf(QuorumConfigException.class).hasMessageContaining("hierarchical");
    }

    @Test
    void membersAreListedAscendingWhereZooKeeperListsItsHashMapOrder() throws Exception {
        List<String> lines = new ArrayList<>();
        for (long sid : new long[] {11, 3, 7, 1}) {
            lines.add("server." + sid + "=127.0.0." + sid + ":2888:3888");
        }
        String text = String.join("\n", lines);

        assertThat(QuorumMembership.fromConfigText(1, text).configText()).isEqualTo(zooKeeperMaj(text).toString())
                .startsWith("server.1=").contains("server.3=127.0.0.3:2888:3888:participant\nserver.7=");
    }

    @Test
    void membersMustBeFiledUnderTheirOwnSid() {
        QuorumServer s = QuorumServer.parse(2, "server.2", "127.0.0.2:2888:3888", false);
        Map<Long, QuorumServer> wrong = new TreeMap<>(Map.of(3L, s));

        assertThatThrownBy(() -> new QuorumMembership(1, wrong, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
