package io.paddock.storage.file;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.StatPersisted;
import java.util.List;
import org.apache.zookeeper.data.ACL;

/** Converts ZooKeeper's records to ours, for comparing. */
final class ZooKeeperStats {
    private ZooKeeperStats() {
    }

    static StatPersisted toOurs(org.apache.zookeeper.data.StatPersisted s) {
        return new StatPersisted(s.getCzxid(), s.getMzxid(), s.getCtime(), s.getMtime(), s.getVersion(),
                s.getCversion(), s.getAversion(), s.getEphemeralOwner(), s.getPzxid());
    }

    static List<Acl> aclToOurs(List<ACL> acl) {
        return acl.stream().map(a -> new Acl(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId()))).toList();
    }
}
