package io.paddock.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.server.command.ServerView.SessionInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionsCommandTest {

    @Test
    void sessionsAreListedWithHexIdTimeoutAddressAndEphemerals() {
        FakeServerView view = new FakeServerView();
        view.sessions = List.of(new SessionInfo(0x1000001f2a30000L, 30000, "127.0.0.1:51234", 2),
                new SessionInfo(0x1000001f2a30001L, 4000, null, 0));

        assertThat(new SessionsCommand(view).sessions()).isEqualToNormalizingNewlines("""
                Session               Timeout  Remote address           Ephemerals
                0x1000001f2a30000       30000  127.0.0.1:51234                   2
                0x1000001f2a30001        4000  (not connected)                   0
                """);
    }

    @Test
    void noSessionsIsSaidInWords() {
        assertThat(new SessionsCommand(new FakeServerView()).sessions()).isEqualToNormalizingNewlines("no sessions\n");
    }
}
