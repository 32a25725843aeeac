package io.paddock.storage.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.api.storage.QuorumEpochs;
import io.paddock.api.storage.Storage;
import io.paddock.api.storage.StorageOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The epoch files as ZooKeeper's QuorumPeer keeps them (protocol.md section 16.1). */
class FileQuorumEpochsTest {
    @TempDir
    Path dataDir;

    private Storage open() throws IOException {
        return new FileStorageBackend().open(StorageOptions.of(dataDir));
    }

    private Path file(String name) {
        return dataDir.resolve("version-2").resolve(name);
    }

    @Test
    void epochsAreDecimalTextWithoutNewlineNextToTheSnapshots() throws IOException {
        try (Storage s = open()) {
            s.epochs().setAccepted(7);
            s.epochs().setCurrent(6);
        }
        assertThat(Files.readString(file("acceptedEpoch"), StandardCharsets.US_ASCII)).isEqualTo("7");
        assertThat(Files.readString(file("currentEpoch"), StandardCharsets.US_ASCII)).isEqualTo("6");
        try (Storage s = open()) {
            assertThat(s.epochs().accepted()).isEqualTo(7);
            assertThat(s.epochs().current()).isEqualTo(6);
        }
        try (var files = Files.list(file(""))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void missingFilesReadAsNoneAndAFileZooKeeperWroteIsRead() throws IOException {
        try (Storage s = open()) {
            assertThat(s.epochs().accepted()).isEqualTo(QuorumEpochs.NONE);
            assertThat(s.epochs().current()).isEqualTo(QuorumEpochs.NONE);
            Files.writeString(file("currentEpoch"), "12\n", StandardCharsets.US_ASCII);
            assertThat(s.epochs().current()).isEqualTo(12);
        }
    }

    @Test
    void aFileThatHoldsNoEpochIsAnErrorNamingIt() throws IOException {
        try (Storage s = open()) {
            Files.writeString(file("acceptedEpoch"), "garbage", StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> s.epochs().accepted()).isInstanceOf(IOException.class)
                    .hasMessageContaining("acceptedEpoch").hasMessageContaining("garbage");
            assertThatThrownBy(() -> s.epochs().setCurrent(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
