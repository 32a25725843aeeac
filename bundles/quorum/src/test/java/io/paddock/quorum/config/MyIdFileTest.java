package io.paddock.quorum.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The myid file as ZooKeeper's {@code QuorumPeerConfig.setupMyId} reads it: the first line, a number. */
class MyIdFileTest {
    @TempDir
    Path dataDir;

    @Test
    void aMissingFileIsNoIdNotAnError() {
        assertThat(QuorumConfigParser.readMyId(dataDir)).isEmpty();
    }

    @Test
    void aDirectoryCalledMyIdIsTreatedAsMissingAsZooKeeperDoes() throws IOException {
        Files.createDirectory(dataDir.resolve("myid"));

        assertThat(QuorumConfigParser.readMyId(dataDir)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "3\n", "3\r\n", "3\r", "3\nanything else", "0003"})
    void theFirstLineHoldsTheId(String text) throws IOException {
        Files.writeString(dataDir.resolve("myid"), text);

        assertThat(QuorumConfigParser.readMyId(dataDir)).isEqualTo(OptionalLong.of(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", " 3", "3 ", "\t3", "three", "3.0", "-3", "+3", "0x3", "99999999999999999999"})
    void anythingElseOnTheFirstLineIsRefusedNamingTheFileAndTheLine(String text) throws IOException {
        Files.writeString(dataDir.resolve("myid"), text);

        assertThatThrownBy(() -> QuorumConfigParser.readMyId(dataDir))
                .isInstanceOf(QuorumConfigException.class)
                .hasMessageStartingWith("myid:")
                .hasMessageContaining(dataDir.resolve("myid").toString());
    }

    @Test
    void aBadMyIdIsRefusedEvenWhenTheServerWouldRunStandaloneAsInZooKeeper() throws IOException {
        Files.writeString(dataDir.resolve("myid"), "x");

        assertThatThrownBy(() -> QuorumConfigParser.parse(java.util.Map.of("clientPort", "2181"), dataDir))
                .isInstanceOf(QuorumConfigException.class).hasMessageStartingWith("myid:");
        assertThat(ZooKeeperConfigOracle.parse(java.util.Map.of("clientPort", "2181"), dataDir).refusal())
                .contains("serverid x is not a number");
    }
}
