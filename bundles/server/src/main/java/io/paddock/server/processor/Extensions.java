package io.paddock.server.processor;

import io.paddock.api.processor.CompletedRequest;
import io.paddock.api.processor.RequestExtension;
import io.paddock.api.proto.Code;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.JuteRecord;
import io.paddock.api.proto.OpCode;
import io.paddock.api.txn.MultiTxn;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request extensions in force, ordered by ranking (highest first), and the three points
 * where requests meet them. Adding or removing one swaps an immutable list, so requests already
 * on their way are neither lost nor reordered; each point sees the list as it is when it runs.
 */
public final class Extensions {
    private static final Logger LOG = LoggerFactory.getLogger(Extensions.class);

    private record Ranked(RequestExtension extension, int ranking, long order) {
    }

    private volatile List<Ranked> inForce = List.of();
    private long added;

    /** Adds {@code extension}; among equal rankings, the one added first runs first. */
    public synchronized void add(RequestExtension extension, int ranking) {
        List<Ranked> next = new ArrayList<>(inForce);
        next.add(new Ranked(extension, ranking, added++));
        next.sort(Comparator.comparingInt((Ranked r) -> -r.ranking()).thenComparingLong(Ranked::order));
        inForce = List.copyOf(next);
        LOG.info("request extension {} in force (ranking {})", extension.getClass().getName(), ranking);
    }

    public synchronized void remove(RequestExtension extension) {
        List<Ranked> next = new ArrayList<>(inForce);
        if (next.removeIf(r -> r.extension() == extension)) {
            inForce = List.copyOf(next);
            LOG.info("request extension {} removed", extension.getClass().getName());
        }
    }

    /** Only a client's own operations are shown (see {@link RequestExtension}). */
    static boolean shown(Request r) {
        if (r.channel() == null || r.xid() < 0) {
            return false;
        }
        return switch (r.type()) {
            case OpCode.CREATE_SESSION, OpCode.CLOSE_SESSION, OpCode.PING, OpCode.AUTH, OpCode.SET_WATCHES,
                    OpCode.SET_WATCHES2, OpCode.SASL -> false;
            default -> true;
        };
    }

    /** On receipt: the request, or one already failed with an extension's verdict. */
    Request received(Request r) {
        List<Ranked> list = inForce;
        if (list.isEmpty() || r.presetErr() != 0 || !shown(r)) {
            return r;
        }
        for (Ranked x : list) {
            int verdict = verdict(x, "received", () -> x.extension().received(r));
            if (verdict != RequestExtension.PASS) {
                Request failed = Request.failed(r.channel(), r.sessionId(), r.xid(), r.type(), verdict);
                failed.attributes().putAll(r.attributes());
                return failed;
            }
        }
        return r;
    }

    /** Before prep: rejects the request in place if an extension says so. */
    void beforePrep(Request r) {
        List<Ranked> list = inForce;
        if (list.isEmpty() || r.presetErr() != 0 || !shown(r)) {
            return;
        }
        for (Ranked x : list) {
            int verdict = verdict(x, "beforePrep", () -> x.extension().beforePrep(r));
            if (verdict != RequestExtension.PASS) {
                r.reject(verdict);
                return;
            }
        }
    }

    /** After the reply. */
    void completed(Request r) {
        List<Ranked> list = inForce;
        if (list.isEmpty() || !shown(r)) {
            return;
        }
        CompletedRequest done = new Completed(r);
        for (Ranked x : list) {
            try {
                x.extension().completed(done);
            } catch (RuntimeException e) {
                LOG.warn("request extension {} failed in completed on {}: {}", x.extension().getClass().getName(), r,
                        e.toString(), e);
            }
        }
    }

    private static int verdict(Ranked x, String point, IntSupplier call) {
        int verdict;
        try {
            verdict = call.getAsInt();
        } catch (RuntimeException e) {
            LOG.warn("request extension {} failed in {}; the request goes on: {}", x.extension().getClass().getName(),
                    point, e.toString(), e);
            return RequestExtension.PASS;
        }
        if (verdict > 0 || verdict == Code.OK) {
            if (verdict > 0) {
                LOG.warn("request extension {} answered {} in {}, which is no ZooKeeper error code; passing",
                        x.extension().getClass().getName(), verdict, point);
            }
            return RequestExtension.PASS;
        }
        return verdict;
    }

    /** A completed request: the request with its reply's code and zxid. */
    private static final class Completed implements CompletedRequest {
        private final Request r;

        Completed(Request r) {
            this.r = r;
        }

        @Override
        public int err() {
            return r.replyErr();
        }

        @Override
        public long zxid() {
            return r.txn() != null && r.refusal() == 0 ? r.txn().zxid() : r.replyZxid();
        }

        @Override
        public boolean committed() {
            return r.txn() != null && r.refusal() == 0 && r.replyErr() == Code.OK
                    && r.txn().type() != OpCode.ERROR && !(r.txn().txn() instanceof MultiTxn m && m.failed());
        }

        @Override
        public long sessionId() {
            return r.sessionId();
        }

        @Override
        public int xid() {
            return r.xid();
        }

        @Override
        public int opCode() {
            return r.opCode();
        }

        @Override
        public String path() {
            return r.path();
        }

        @Override
        public List<String> paths() {
            return r.paths();
        }

        @Override
        public JuteRecord body() {
            return r.body();
        }

        @Override
        public List<Id> authIds() {
            return r.authIds();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return r.remoteAddress();
        }

        @Override
        public Map<String, Object> attributes() {
            return r.attributes();
        }
    }
}
