package io.paddock.server.processor;

import io.paddock.api.proto.CheckVersionRequest;
import io.paddock.api.proto.CreateRequest;
import io.paddock.api.proto.CreateTtlRequest;
import io.paddock.api.proto.DeleteRequest;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.MultiRequest;
import io.paddock.api.proto.PathRequest;
import io.paddock.api.proto.PathWatchRequest;
import io.paddock.api.proto.SetAclRequest;
import io.paddock.api.proto.SetDataRequest;
import io.paddock.api.proto.WatchTypeRequest;
import java.util.ArrayList;
import java.util.List;

/** The paths a request body names, for extensions: one for most, one per op for a multi. */
final class RequestPaths {
    private RequestPaths() {
    }

    static List<String> of(JuteRecord body) {
        if (body instanceof MultiRequest m) {
            List<String> paths = new ArrayList<>(m.ops().size());
            for (MultiRequest.Op op : m.ops()) {
                String p = single(op.body());
                if (p != null) {
                    paths.add(p);
                }
            }
            return paths;
        }
        String p = single(body);
        return p == null ? List.of() : List.of(p);
    }

    private static String single(JuteRecord body) {
        if (body instanceof CreateRequest r) {
            return r.path();
        } else if (body instanceof CreateTtlRequest r) {
            return r.path();
        } else if (body instanceof DeleteRequest r) {
            return r.path();
        } else if (body instanceof SetDataRequest r) {
            return r.path();
        } else if (body instanceof SetAclRequest r) {
            return r.path();
        } else if (body instanceof CheckVersionRequest r) {
            return r.path();
        } else if (body instanceof PathWatchRequest r) {
            return r.path();
        } else if (body instanceof PathRequest r) {
            return r.path();
        } else if (body instanceof WatchTypeRequest r) {
            return r.path();
        }
        return null;
    }
}
