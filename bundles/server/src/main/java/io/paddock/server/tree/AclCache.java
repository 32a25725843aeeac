package io.paddock.server.tree;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Perms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns ACL lists: nodes hold a long reference instead of a list, as ZooKeeper's
 * ReferenceCountedACLCache does, and snapshots store the cache (protocol.md section 16.5).
 * Reference -1 is OPEN_ACL_UNSAFE and is never stored.
 */
public final class AclCache {
    public static final long OPEN_UNSAFE_REF = -1;

    private final Map<Long, List<Acl>> byRef = new HashMap<>();
    private final Map<List<Acl>, Long> byAcl = new HashMap<>();
    private final Map<Long, Long> refCounts = new HashMap<>();
    private long nextRef = 1;

    /** The reference for a list, adding it if new; each call counts one more user. */
    public synchronized long intern(List<Acl> acl) {
        if (acl == null || acl.equals(Perms.OPEN_ACL_UNSAFE)) {
            return OPEN_UNSAFE_REF;
        }
        Long ref = byAcl.get(acl);
        if (ref == null) {
            ref = nextRef++;
            List<Acl> copy = List.copyOf(acl);
            byRef.put(ref, copy);
            byAcl.put(copy, ref);
        }
        refCounts.merge(ref, 1L, Long::sum);
        return ref;
    }

    public synchronized List<Acl> get(long ref) {
        if (ref == OPEN_UNSAFE_REF) {
            return Perms.OPEN_ACL_UNSAFE;
        }
        List<Acl> acl = byRef.get(ref);
        if (acl == null) {
            throw new IllegalStateException("no ACL for reference " + ref);
        }
        return acl;
    }

    /** One user of {@code ref} is gone; the entry goes when the last one is. */
    public synchronized void release(long ref) {
        if (ref == OPEN_UNSAFE_REF) {
            return;
        }
        Long count = refCounts.get(ref);
        if (count == null) {
            return;
        }
        if (count <= 1) {
            refCounts.remove(ref);
            byAcl.remove(byRef.remove(ref));
        } else {
            refCounts.put(ref, count - 1);
        }
    }

    /** Restores an entry from a snapshot; the count starts at zero until nodes claim it. */
    public synchronized void restore(long ref, List<Acl> acl) {
        List<Acl> copy = List.copyOf(acl);
        byRef.put(ref, copy);
        byAcl.put(copy, ref);
        nextRef = Math.max(nextRef, ref + 1);
    }

    /** A node loaded from a snapshot uses {@code ref}. */
    public synchronized void claim(long ref) {
        if (ref != OPEN_UNSAFE_REF) {
            if (!byRef.containsKey(ref)) {
                throw new IllegalStateException("snapshot node refers to missing ACL " + ref);
            }
            refCounts.merge(ref, 1L, Long::sum);
        }
    }

    public synchronized Map<Long, List<Acl>> entries() {
        return Map.copyOf(byRef);
    }

    public synchronized int size() {
        return byRef.size();
    }
}
