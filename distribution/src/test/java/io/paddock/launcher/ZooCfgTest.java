package io.paddock.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooCfgTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void withoutZooCfgTheServerRunsStandaloneOnLoopback2181WithDataInTheWorkingDirectory() {
        ZooCfg cfg = ZooCfg.standaloneDefaults(dir);

        assertThat(cfg.configuration())
                .containsEntry("clientPort", "2181")
                .containsEntry("clientPortAddress", "127.0.0.1")
                .containsEntry("tickTime", "2000")
                .containsEntry("dataDir", dir.resolve("data").toString())
                .containsEntry("transport", "nio")
                .containsEntry("storage", "file")
                .doesNotContainKey("dataLogDir");
    }

    @Test
    void zooKeeperKeysAreCopiedAsTheyAreWithValuesTrimmed() throws Exception {
        Path file = write("zoo.cfg", """
                # comment
                tickTime = 3000
                dataDir=/var/lib/zk
                clientPort=2182   
                maxClientCnxns=100
                minSessionTimeout=6000
                maxSessionTimeout=60000
                4lw.commands.whitelist=srvr, ruok
                extendedTypesEnabled=true
                jute.maxbuffer=4194304
                snapCount=50000
                autopurge.snapRetainCount=5
                autopurge.purgeInterval=1
                initLimit=10
                syncLimit=5
                server.1=127.0.0.1:2888:3888;2181
                server.2=127.0.0.1:2889:3889:observer;2182
                someFutureKey=kept
                """);

        ZooCfg cfg = ZooCfg.read(file, dir);

        assertThat(cfg.source()).isEqualTo(file.toString());
        assertThat(cfg.configuration())
                .containsEntry("tickTime", "3000")
                .containsEntry("dataDir", "/var/lib/zk")
                .containsEntry("clientPort", "2182")
                .containsEntry("maxClientCnxns", "100")
                .containsEntry("minSessionTimeout", "6000")
                .containsEntry("maxSessionTimeout", "60000")
                .containsEntry("4lw.commands.whitelist", "srvr, ruok")
                .containsEntry("extendedTypesEnabled", "true")
                .containsEntry("jute.maxbuffer", "4194304")
                .containsEntry("snapCount", "50000")
                .containsEntry("autopurge.snapRetainCount", "5")
                .containsEntry("autopurge.purgeInterval", "1")
                .containsEntry("initLimit", "10")
                .containsEntry("syncLimit", "5")
                .containsEntry("server.1", "127.0.0.1:2888:3888;2181")
                .containsEntry("server.2", "127.0.0.1:2889:3889:observer;2182")
                .containsEntry("someFutureKey", "kept")
                .doesNotContainKey("clientPortAddress");
    }

    @Test
    void aZooCfgGetsNoDefaultsBeyondThePlugInChoices() throws Exception {
        ZooCfg cfg = ZooCfg.read(write("zoo.cfg", "dataDir=/d\n"), dir);

        assertThat(cfg.configuration()).containsOnlyKeys(
                "dataDir", "transport", "storage");
    }

    @Test
    void relativeDataDirAndDataLogDirAreResolvedAgainstTheWorkingDirectory() throws Exception {
        Path workingDir = Files.createDirectories(dir.resolve("cwd"));
        Path file = write("zoo.cfg", "dataDir=./data\ndataLogDir=../logs/txn\n");

        ZooCfg cfg = ZooCfg.read(file, workingDir);

        assertThat(cfg.configuration())
                .containsEntry("dataDir", workingDir.resolve("data").toString())
                .containsEntry("dataLogDir", dir.resolve("logs/txn").toString());
    }

    @Test
    void aRelativeZooCfgPathIsTakenFromTheWorkingDirectory() throws Exception {
        write("zoo.cfg", "dataDir=data\n");

        ZooCfg cfg = ZooCfg.read(Path.of("zoo.cfg"), dir);

        assertThat(cfg.source()).isEqualTo(dir.resolve("zoo.cfg").toString());
        assertThat(cfg.configuration()).containsEntry("dataDir", dir.resolve("data").toString());
    }

    @Test
    void dataLogDirStaysUnsetWhenOnlyDataDirIsGiven() throws Exception {
        ZooCfg cfg = ZooCfg.read(write("zoo.cfg", "dataDir=/d\nclientPort=2181\n"), dir);

        assertThat(cfg.configuration()).doesNotContainKey("dataLogDir");
    }

    @Test
    void thePlugInChoicesStayNamesTheServerPicksBy() throws Exception {
        ZooCfg cfg = ZooCfg.read(write("zoo.cfg", "dataDir=/d\ntransport=netty\nstorage = rocksdb\n"), dir);

        assertThat(cfg.configuration())
                .containsEntry("transport", "netty")
                .containsEntry("storage", "rocksdb")
                .doesNotContainKeys("transport.target", "storage.target");
    }

    @Test
    void aMissingFileIsAOneLineError() {
        assertThatThrownBy(() -> ZooCfg.read(Path.of("nope/zoo.cfg"), dir))
                .isInstanceOf(ZooCfgException.class)
                .hasMessage("nope/zoo.cfg: no such file");
    }

    @Test
    void aDirectoryIsNotAZooCfg() {
        assertThatThrownBy(() -> ZooCfg.read(dir, dir))
                .isInstanceOf(ZooCfgException.class)
                .hasMessageContaining("is a directory");
    }

    /**
     * An unreadable file is reported as "permission denied". Checked on the mapping itself: the
     * tests run as root on CI, and root reads any file whatever its mode.
     */
    @Test
    void anUnreadableFileIsReportedAsPermissionDenied() {
        assertThat(ZooCfg.describe(new java.nio.file.AccessDeniedException("/etc/zoo.cfg")))
                .isEqualTo("permission denied");
    }

    @Test
    void aNonNumericClientPortIsRejectedNamingTheKeyAndValue() throws Exception {
        Path file = write("zoo.cfg", "dataDir=/d\nclientPort=21a81\n");

        assertThatThrownBy(() -> ZooCfg.read(file, dir))
                .isInstanceOf(ZooCfgException.class)
                .hasMessage(file + ": clientPort must be a whole number, not '21a81'");
    }

    @Test
    void aPortOutOfRangeIsRejected() throws Exception {
        Path file = write("zoo.cfg", "dataDir=/d\nclientPort=70000\n");

        assertThatThrownBy(() -> ZooCfg.read(file, dir))
                .hasMessage(file + ": clientPort must be a port from 1 to 65535, not '70000'");
    }

    @Test
    void aZeroTickTimeIsRejected() throws Exception {
        Path file = write("zoo.cfg", "dataDir=/d\ntickTime=0\n");

        assertThatThrownBy(() -> ZooCfg.read(file, dir)).hasMessageContaining("tickTime must be greater than 0");
    }

    @Test
    void aBooleanKeyAcceptsOnlyTrueOrFalse() throws Exception {
        Path file = write("zoo.cfg", "dataDir=/d\nextendedTypesEnabled=yes\n");

        assertThatThrownBy(() -> ZooCfg.read(file, dir))
                .hasMessage(file + ": extendedTypesEnabled must be true or false, not 'yes'");
    }

    @Test
    void theServersOwnKeysAreCheckedToo() throws Exception {
        Path quota = write("zoo.cfg", "dataDir=/d\nenforceQuota=on\n");
        assertThatThrownBy(() -> ZooCfg.read(quota, dir))
                .hasMessage(quota + ": enforceQuota must be true or false, not 'on'");
        Path reaper = write("zoo2.cfg", "dataDir=/d\nznode.container.checkIntervalMs=soon\n");
        assertThatThrownBy(() -> ZooCfg.read(reaper, dir)).hasMessageContaining("znode.container.checkIntervalMs");
        Path sasl = write("zoo3.cfg", "dataDir=/d\nsessionRequireClientSASLAuth=yes\n");
        assertThatThrownBy(() -> ZooCfg.read(sasl, dir))
                .hasMessage(sasl + ": sessionRequireClientSASLAuth must be true or false, not 'yes'");
    }

    @Test
    void aServerLineNeedsANumericId() throws Exception {
        Path file = write("zoo.cfg", "dataDir=/d\nserver.one=127.0.0.1:2888:3888\n");

        assertThatThrownBy(() -> ZooCfg.read(file, dir)).hasMessageContaining("server.one");
    }

    @Test
    void aMissingDataDirIsRejectedAsZooKeeperDoes() throws Exception {
        Path file = write("zoo.cfg", "clientPort=2181\n");

        assertThatThrownBy(() -> ZooCfg.read(file, dir)).hasMessage(file + ": dataDir is not set");
    }

    @Test
    void minSessionTimeoutLargerThanMaxIsRejected() throws Exception {
        Path file = write("zoo.cfg", "dataDir=/d\nminSessionTimeout=9000\nmaxSessionTimeout=4000\n");

        assertThatThrownBy(() -> ZooCfg.read(file, dir)).hasMessageContaining("minSessionTimeout (9000)");
    }

    @Test
    void aPlugInNameThatWouldBreakTheTargetFilterIsRejected() throws Exception {
        Path file = write("zoo.cfg", "dataDir=/d\ntransport=nio)(x=*\n");

        assertThatThrownBy(() -> ZooCfg.read(file, dir)).hasMessageContaining("transport must be a plug-in name");
    }

    @Test
    void aQuorumsServerLinesAndLimitsReachTheConfigurationAsTheyAre() throws Exception {
        Path file = write("zoo.cfg", "dataDir=/d\ninitLimit=10\nsyncLimit=5\nserver.1=127.0.0.1:2888:3888\n"
                + "server.2=127.0.0.1:2889:3889;2182\n");

        Map<String, String> p = ZooCfg.read(file, dir).configuration();

        assertThat(p).containsEntry("server.1", "127.0.0.1:2888:3888")
                .containsEntry("server.2", "127.0.0.1:2889:3889;2182");
        assertThat(p).containsEntry("initLimit", "10");
    }
}
