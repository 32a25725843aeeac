package io.paddock.itests.datadir;

import java.util.List;

/**
 * What a server leaves in its data dir for the next one: the tree as it read just before it
 * stopped, a session still open (its ephemerals must survive), and one closed before the stop
 * (its ephemerals must stay gone, and it must not come back).
 */
record Handover(TreeDump tree, Session kept, Session closed, List<String> closedEphemerals) {
}
