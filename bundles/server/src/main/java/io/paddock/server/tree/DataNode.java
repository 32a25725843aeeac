package io.paddock.server.tree;

import io.paddock.api.proto.Stat;
import io.paddock.api.proto.StatPersisted;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One znode. Mutated only by the thread applying txns, read by others (reads, fuzzy snapshots)
 * under the node's monitor. {@code cversion} is the stored value, counting child creations
 * (protocol.md section 9.1); {@code ephemeralOwner} is the stored encoding (section 9.2).
 */
public final class DataNode {
    byte[] data;
    long aclRef;
    long czxid;
    long mzxid;
    long ctime;
    long mtime;
    int version;
    int cversion;
    int aversion;
    long ephemeralOwner;
    long pzxid;
    /** This node's share of the tree digest as last added to it (section 16.6). */
    long digest;
    private Set<String> children;

    DataNode(byte[] data, long aclRef, long czxid, long time, long ephemeralOwner) {
        this.data = data;
        this.aclRef = aclRef;
        this.czxid = czxid;
        this.mzxid = czxid;
        this.pzxid = czxid;
        this.ctime = time;
        this.mtime = time;
        this.ephemeralOwner = ephemeralOwner;
    }

    DataNode(byte[] data, long aclRef, StatPersisted s) {
        this.data = data;
        this.aclRef = aclRef;
        this.czxid = s.czxid();
        this.mzxid = s.mzxid();
        this.ctime = s.ctime();
        this.mtime = s.mtime();
        this.version = s.version();
        this.cversion = s.cversion();
        this.aversion = s.aversion();
        this.ephemeralOwner = s.ephemeralOwner();
        this.pzxid = s.pzxid();
    }

    synchronized boolean addChild(String name) {
        if (children == null) {
            children = new HashSet<>(4);
        }
        return children.add(name);
    }

    synchronized boolean removeChild(String name) {
        return children != null && children.remove(name);
    }

    public synchronized List<String> children() {
        return children == null ? List.of() : List.copyOf(children);
    }

    public synchronized int numChildren() {
        return children == null ? 0 : children.size();
    }

    public synchronized byte[] data() {
        return data;
    }

    public synchronized long aclRef() {
        return aclRef;
    }

    public synchronized int version() {
        return version;
    }

    public synchronized int aversion() {
        return aversion;
    }

    public synchronized int storedCversion() {
        return cversion;
    }

    public synchronized long ephemeralOwner() {
        return ephemeralOwner;
    }

    public synchronized long mzxid() {
        return mzxid;
    }

    public synchronized long pzxid() {
        return pzxid;
    }

    /** The stat as clients see it: client-view cversion and ephemeralOwner. */
    public synchronized Stat stat() {
        int n = children == null ? 0 : children.size();
        return new Stat(czxid, mzxid, ctime, mtime, version, 2 * cversion - n, aversion,
                EphemeralOwner.clientView(ephemeralOwner), data == null ? 0 : data.length, n, pzxid);
    }

    public synchronized StatPersisted persistedStat() {
        return new StatPersisted(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, pzxid);
    }
}
