package io.paddock.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.server.command.ServerView.ServerStatus;
import org.junit.jupiter.api.Test;

class StatusCommandTest {

    @Test
    void statusShowsModeAddressPluginsAndCountersOneToALine() {
        FakeServerView view = new FakeServerView();
        view.status = new ServerStatus("standalone", "127.0.0.1:2181", "nio", "rocksdb", "/var/paddock", 0x10000002aL,
                7, 2, 3, 1, false);

        assertThat(new StatusCommand(view).status()).isEqualToNormalizingNewlines("""
                Mode:           standalone
                Client address: 127.0.0.1:2181
                Transport:      nio
                Storage:        rocksdb (holds the database), in /var/paddock
                Last zxid:      0x10000002a
                Node count:     7
                Sessions:       2
                Connections:    3
                Outstanding:    1
                Read-only:      no
                """);
    }

    @Test
    void readOnlyServerSaysWhyWritesAreRefused() {
        FakeServerView view = new FakeServerView();
        view.status = new ServerStatus("standalone", "0.0.0.0:2181", "nio", "file", "/d", 0, 2, 0, 0, 0, true);

        assertThat(new StatusCommand(view).status())
                .contains("Read-only:      yes: a failed sync of the txn log; writes are refused until the server restarts");
    }

    @Test
    void withoutARunningServerTheCommandSaysSo() {
        assertThat(new StatusCommand(null).status()).startsWith("no Paddock server is running");
    }
}
