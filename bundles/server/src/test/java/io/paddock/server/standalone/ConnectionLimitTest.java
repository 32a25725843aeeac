package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paddock.api.testkit.RawClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** maxClientCnxns bounds the connections from one client address, as in ZooKeeper. */
class ConnectionLimitTest {
    @TempDir
    Path dir;
    ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir, port -> ServerFixture.builder(dir, port).maxClientCnxns(2).build());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void connectionBeyondTheLimitIsClosedAndAFreedSlotCanBeReused() throws Exception {
        try (RawClient first = new RawClient(fixture.port()); RawClient second = new RawClient(fixture.port())) {
            assertThat(first.connect().timeOut()).isPositive();
            assertThat(second.connect().timeOut()).isPositive();
            try (RawClient third = new RawClient(fixture.port())) {
                assertThat(third.closedByServer()).isTrue();
            }
            first.close();
            // the server forgets the first connection when it sees it close; the next one fits again
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                try (RawClient again = new RawClient(fixture.port())) {
                    assertThat(again.connect().timeOut()).isPositive();
                }
            });
        }
    }
}
