package io.paddock.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Watch modes as ZooKeeper's WatchManager keeps them (protocol.md section 12.2). */
class WatchTableTest {
    private final WatchTable table = new WatchTable();
    private final Watcher a = (t, p, z) -> { };
    private final Watcher b = (t, p, z) -> { };

    @Test
    void standardWatchIsUsedUpPersistentStays() {
        table.add("/x", a, WatchTable.STANDARD);
        table.add("/x", b, WatchTable.PERSISTENT);
        assertThat(table.trigger("/x")).containsExactlyInAnyOrder(a, b);
        assertThat(table.trigger("/x")).containsExactly(b);
        assertThat(table.contains("/x", a, WatchTable.ANY)).isFalse();
    }

    @Test
    void standardAndPersistentOnOnePathAreOneNotificationAndTheStandardOneGoes() {
        table.add("/x", a, WatchTable.STANDARD);
        table.add("/x", a, WatchTable.PERSISTENT);
        assertThat(table.trigger("/x")).containsExactly(a);
        assertThat(table.contains("/x", a, WatchTable.STANDARD)).isFalse();
        assertThat(table.contains("/x", a, WatchTable.PERSISTENT)).isTrue();
        assertThat(table.watchCount()).isEqualTo(1);
    }

    @Test
    void recursiveWatchMatchesItsPathAndEveryPathBelowButNotAbove() {
        table.add("/r", a, WatchTable.PERSISTENT_RECURSIVE);
        table.add("/r", b, WatchTable.PERSISTENT);
        assertThat(table.trigger("/r/x/y")).containsExactly(a);
        assertThat(table.trigger("/r")).containsExactlyInAnyOrder(a, b);
        assertThat(table.trigger("/")).isEmpty();
        assertThat(table.trigger("/rr")).isEmpty();
    }

    @Test
    void recursiveWatchOnTheRootMatchesEverything() {
        table.add("/", a, WatchTable.PERSISTENT_RECURSIVE);
        assertThat(table.trigger("/a")).containsExactly(a);
        assertThat(table.trigger("/a/b")).containsExactly(a);
        assertThat(table.trigger("/")).containsExactly(a);
    }

    @Test
    void removeTakesOnlyTheNamedModes() {
        table.add("/x", a, WatchTable.STANDARD);
        table.add("/x", a, WatchTable.PERSISTENT_RECURSIVE);
        assertThat(table.remove("/x", a, WatchTable.PERSISTENT)).isFalse();
        assertThat(table.remove("/x", a, WatchTable.PERSISTENT_RECURSIVE)).isTrue();
        assertThat(table.trigger("/x/y")).isEmpty();
        assertThat(table.remove("/x", a, WatchTable.ANY)).isTrue();
        assertThat(table.pathCount()).isZero();
        assertThat(table.watcherCount()).isZero();
    }

    @Test
    void closedWatcherLosesEveryWatch() {
        table.add("/x", a, WatchTable.PERSISTENT_RECURSIVE);
        table.add("/y", a, WatchTable.STANDARD);
        table.removeWatcher(a);
        assertThat(table.trigger("/x/z")).isEmpty();
        assertThat(table.trigger("/y")).isEmpty();
        assertThat(table.watchCount()).isZero();
    }
}
