package io.paddock.server.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paddock.server.auth.DigestAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The super user of zookeeper.DigestAuthenticationProvider.superDigest (protocol.md section 13.2). */
class SuperDigestTest {
    @TempDir
    Path dir;
    ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        String superDigest = DigestAuth.idFor("super:secret");
        fixture = new ServerFixture(dir, port -> ServerFixture.builder(dir, port).superDigest(superDigest).build());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void superUserBypassesEveryAclAndOthersDoNot() throws Exception {
        ZooKeeper alice = fixture.client();
        alice.addAuthInfo("digest", "alice:pw".getBytes(StandardCharsets.UTF_8));
        alice.create("/private", "x".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.CREATOR_ALL_ACL,
                CreateMode.PERSISTENT);

        ZooKeeper stranger = fixture.client();
        assertThatThrownBy(() -> stranger.getData("/private", false, null))
                .isInstanceOf(KeeperException.NoAuthException.class);

        ZooKeeper wrongPassword = fixture.client();
        wrongPassword.addAuthInfo("digest", "super:guess".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> wrongPassword.getData("/private", false, null))
                .isInstanceOf(KeeperException.NoAuthException.class);

        ZooKeeper root = fixture.client();
        root.addAuthInfo("digest", "super:secret".getBytes(StandardCharsets.UTF_8));
        assertThat(root.getData("/private", false, null)).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        root.setData("/private", null, -1);
        root.setACL("/private", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1);
        assertThat(stranger.getData("/private", false, null)).isNull();
        assertThat(root.whoAmI()).extracting(c -> c.getAuthScheme()).contains("super", "digest", "ip");
    }
}
