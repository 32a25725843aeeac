package io.paddock.server.auth;

import io.paddock.api.proto.Id;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identities a connection holds. ZooKeeper keeps them in a set backed by a
 * ConcurrentHashMap and whoAmI lists them in that map's iteration order; we key the same kind
 * of map by jute's hash of an Id, so the order clients see is ZooKeeper's.
 */
public final class AuthIds {
    /** An Id hashed as jute's generated {@code Id.hashCode()} hashes it. */
    private record Key(Id id) {
        @Override
        public int hashCode() {
            int result = 17;
            result = 37 * result + id.scheme().hashCode();
            return 37 * result + id.id().hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id.equals(id);
        }
    }

    private final Map<Key, Boolean> ids = new ConcurrentHashMap<>();
    private volatile List<Id> view = List.of();

    public void add(Id id) {
        if (ids.putIfAbsent(new Key(id), Boolean.TRUE) == null) {
            view = ids.keySet().stream().map(Key::id).toList();
        }
    }

    /** A snapshot of the identities, in ZooKeeper's order. */
    public List<Id> list() {
        return view;
    }
}
