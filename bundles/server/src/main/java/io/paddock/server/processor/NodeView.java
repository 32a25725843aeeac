package io.paddock.server.processor;

import io.paddock.api.proto.Acl;
import io.paddock.server.tree.DataNode;
import io.paddock.server.tree.DataTree;
import java.util.List;

/**
 * What the prep stage needs to know of a node to validate a write: the node as it will be once
 * every write already prepared is applied (ZooKeeper's ChangeRecord). Its data is what a setData's
 * quota check measures the new data against, as ZooKeeper's does.
 */
record NodeView(int version, int cversion, int aversion, long ephemeralOwner, int numChildren, List<Acl> acl,
                byte[] data) {
    static NodeView of(DataTree tree, DataNode n) {
        synchronized (n) {
            return new NodeView(n.version(), n.storedCversion(), n.aversion(), n.ephemeralOwner(), n.numChildren(),
                    tree.acl(n), n.data());
        }
    }

    NodeView withData(int v, byte[] newData) {
        return new NodeView(v, cversion, aversion, ephemeralOwner, numChildren, acl, newData);
    }

    NodeView withAcl(List<Acl> newAcl, int newAversion) {
        return new NodeView(version, cversion, newAversion, ephemeralOwner, numChildren, newAcl, data);
    }

    NodeView withChildAdded(boolean countCreation) {
        return new NodeView(version, countCreation ? cversion + 1 : cversion, aversion, ephemeralOwner,
                numChildren + 1, acl, data);
    }

    NodeView withChildRemoved() {
        return new NodeView(version, cversion, aversion, ephemeralOwner, numChildren - 1, acl, data);
    }
}
