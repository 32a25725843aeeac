package io.paddock.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TreeCommandTest {
    private final FakeServerView view = new FakeServerView()
            .node("/", 0, 0, 0)
            .node("/app", 5, 2, 0)
            .node("/app/lock", 0, 3, 0x100000000000001L)
            .node("/zookeeper", 0, 0, 0);

    @Test
    void wholeTreeIsIndentedByLevelWithAStatSummaryPerNode() {
        assertThat(new TreeCommand(view).tree()).isEqualToNormalizingNewlines("""
                /  [dataLength=0 version=0 cversion=2 aversion=0 czxid=0x0 mzxid=0x0 children=2]
                  app  [dataLength=5 version=0 cversion=1 aversion=0 czxid=0x2 mzxid=0x2 children=1]
                    lock  [dataLength=0 version=0 cversion=0 aversion=0 czxid=0x3 mzxid=0x3 children=0 ephemeralOwner=0x100000000000001]
                  zookeeper  [dataLength=0 version=0 cversion=0 aversion=0 czxid=0x0 mzxid=0x0 children=0]
                """);
    }

    @Test
    void depthLimitsHowFarBelowThePathTheTreeGoes() {
        assertThat(new TreeCommand(view).tree("/", 1)).doesNotContain("lock").contains("  app  ");
        assertThat(new TreeCommand(view).tree("/app", 0))
                .isEqualToNormalizingNewlines("/app  [dataLength=5 version=0 cversion=1 aversion=0 czxid=0x2 mzxid=0x2 children=1]\n");
    }

    @Test
    void missingNodeAndBadPathAndNegativeDepthGetAClearAnswer() {
        assertThat(new TreeCommand(view).tree("/nope")).isEqualToNormalizingNewlines("no node /nope\n");
        assertThat(new TreeCommand(view).tree("app")).startsWith("not a node path: app");
        assertThat(new TreeCommand(view).tree("/app/")).startsWith("not a node path: /app/");
        assertThat(new TreeCommand(view).tree("/", -1)).startsWith("the depth is 0 or more");
    }

    @Test
    void largeTreeStopsAfterTheLimitAndSaysSo() {
        FakeServerView big = new FakeServerView().node("/", 0, 0, 0);
        for (int i = 0; i < TreeCommand.MAX_NODES + 5; i++) {
            big.node(String.format("/n%05d", i), 0, i, 0);
        }
        String tree = new TreeCommand(big).tree();
        assertThat(tree.lines().filter(l -> l.contains("[dataLength=")).count()).isEqualTo(TreeCommand.MAX_NODES);
        assertThat(tree).endsWith("... more nodes not shown (the first 1000 are above); give a path or a depth"
                + System.lineSeparator());
    }

    @Test
    void treeOfExactlyTheLimitIsShownWhole() {
        FakeServerView exact = new FakeServerView().node("/", 0, 0, 0);
        for (int i = 0; i < TreeCommand.MAX_NODES - 1; i++) {
            exact.node(String.format("/n%05d", i), 0, i, 0);
        }
        assertThat(new TreeCommand(exact).tree()).doesNotContain("more nodes not shown");
    }
}
