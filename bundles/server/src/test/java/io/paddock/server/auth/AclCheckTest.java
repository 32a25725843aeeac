package io.paddock.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.Perms;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Permission checks and ACL fix-up (protocol.md section 13). */
class AclCheckTest {
    private static final Id IP = new Id("ip", "127.0.0.1");

    @Test
    void digestIdIsUserAndBase64Sha1() {
        assertThat(DigestAuth.idFor("u:p")).isEqualTo("u:Jq7wMyA/w2Vd5WIDAKdu4OIIFEQ=");
    }

    @Test
    void anyGrantedBitOfAnyMatchingIdPermits() {
        List<Acl> acl = List.of(new Acl(Perms.READ, new Id("digest", "u:x")), new Acl(Perms.WRITE, new Id("ip",
                "10.0.0.0/8")));
        assertThat(AclCheck.permits(acl, Perms.READ, List.of(IP))).isFalse();
        assertThat(AclCheck.permits(acl, Perms.READ, List.of(IP, new Id("digest", "u:x")))).isTrue();
        assertThat(AclCheck.permits(acl, Perms.WRITE, List.of(new Id("ip", "10.1.2.3")))).isTrue();
        assertThat(AclCheck.permits(Perms.OPEN_ACL_UNSAFE, Perms.ADMIN, List.of())).isTrue();
        assertThat(AclCheck.permits(Perms.READ_ACL_UNSAFE, Perms.WRITE, List.of(IP))).isFalse();
    }

    @Test
    void fixUpExpandsAuthAndRejectsWhatZooKeeperRejects() {
        Id digest = new Id("digest", "u:abc");
        assertThat(AclCheck.fixUp(List.of(new Acl(Perms.ALL, new Id("auth", ""))), List.of(IP, digest)))
                .containsExactly(new Acl(Perms.ALL, digest));
        assertThat(AclCheck.fixUp(List.of(new Acl(Perms.ALL, new Id("auth", ""))), List.of(IP))).isNull();
        assertThat(AclCheck.fixUp(List.of(), List.of(IP))).isNull();
        assertThat(AclCheck.fixUp(null, List.of(IP))).isNull();
        assertThat(AclCheck.fixUp(List.of(new Acl(Perms.ALL, new Id("world", "someone"))), List.of())).isNull();
        assertThat(AclCheck.fixUp(List.of(new Acl(Perms.ALL, new Id("digest", "nocolon"))), List.of())).isNull();
        assertThat(AclCheck.fixUp(List.of(new Acl(Perms.ALL, new Id("ip", "::1"))), List.of())).isNull();
        assertThat(AclCheck.fixUp(List.of(new Acl(Perms.ALL, new Id("foo", "bar"))), List.of())).isNull();
        assertThat(AclCheck.fixUp(List.of(Perms.OPEN_ACL_UNSAFE.get(0), Perms.OPEN_ACL_UNSAFE.get(0)), List.of()))
                .hasSize(1);
    }

    @Test
    void getAclWithoutAdminMasksDigestIds() {
        assertThat(AclCheck.masked(List.of(new Acl(31, new Id("digest", "u:secret")))))
                .containsExactly(new Acl(31, new Id("digest", "u:x")));
    }
}
