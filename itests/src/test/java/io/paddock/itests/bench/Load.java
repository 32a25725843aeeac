package io.paddock.itests.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One load the benchmark drives, the same on every server; each is a table of the report. */
sealed interface Load permits Load.Pipelined, Load.SyncCreate, Load.WatchFanOut {

    /** Short name, used by {@code --loads} and as the key in the JSON report ({@code mix-8}). */
    String id();

    /** What the load does, in words, for the report's heading. */
    String title();

    /** How many servers it runs on: 1 for a standalone server, else the members of an ensemble. */
    default int servers() {
        return 1;
    }

    /** The request a pipelined load sends. */
    enum Op {
        CREATE("create"),
        SET_DATA("setData"),
        GET_DATA("getData"),
        /** 90 % getData, 10 % setData, on the pre-created data nodes. */
        MIX("mix");

        private final String label;

        Op(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /**
     * Async requests of 1 KiB values, each session keeping up to {@code window} outstanding. On
     * an ensemble ({@code servers} above 1) session {@code i} is connected to member
     * {@code i % servers} alone, so that the sessions are spread evenly over the members.
     */
    record Pipelined(Op op, int sessions, int window, int servers) implements Load {
        /** The id prefix of the loads on an ensemble. */
        static final String ENSEMBLE = "ensemble";

        public Pipelined {
            if (servers < 1 || sessions < 1 || window < 1) {
                throw new IllegalArgumentException("sessions " + sessions + ", window " + window + ", servers "
                        + servers + ": each must be at least 1");
            }
        }

        /** On one standalone server. */
        public Pipelined(Op op, int sessions, int window) {
            this(op, sessions, window, 1);
        }

        @Override
        public String id() {
            String id = op.label() + "-" + sessions;
            return servers == 1 ? id : ENSEMBLE + "-" + id;
        }

        @Override
        public String title() {
            String what = op == Op.MIX ? "90/10 getData/setData mix" : "async " + op.label();
            String title = what + " of 1 KiB values, " + sessions + (sessions == 1 ? " session" : " sessions")
                    + ", window " + window;
            if (servers == 1) {
                return title;
            }
            return servers + "-server ensemble: " + title + ", spread evenly over the members (each session "
                    + "connected to one member)";
        }
    }

    /** One session creating 1 KiB nodes with the synchronous API: latency without pipelining. */
    record SyncCreate() implements Load {
        @Override
        public String id() {
            return "sync-create";
        }

        @Override
        public String title() {
            return "synchronous create of 1 KiB values, one at a time, 1 session";
        }
    }

    /**
     * {@code watchers} sessions each keep a data watch on one node, re-set on every notification;
     * one writer changes the node. Latency is write submitted to last watcher notified; the
     * throughput is notifications delivered per second.
     */
    record WatchFanOut(int watchers) implements Load {
        @Override
        public String id() {
            return "fanout";
        }

        @Override
        public String title() {
            return "watch fan-out: " + watchers + " sessions watch one node, 1 writer sets it; latency "
                    + "= setData submitted to last watcher notified, ops/s = notifications/s";
        }
    }

    /** Every load, in the order the report shows them. */
    static List<Load> all(int window, int watchers) {
        List<Load> loads = new ArrayList<>();
        for (Op op : Op.values()) {
            for (int sessions : new int[] {1, 8, 32}) {
                loads.add(new Pipelined(op, sessions, window));
            }
        }
        loads.add(new SyncCreate());
        loads.add(new WatchFanOut(watchers));
        return List.copyOf(loads);
    }

    /**
     * The loads of an ensemble of {@code servers}: each pipelined op from 1, 4 and 16 sessions per
     * member, spread evenly over the members; ids start with {@value Pipelined#ENSEMBLE}
     * ({@code ensemble-create-12}).
     */
    static List<Load> ensemble(int servers, int window) {
        List<Load> loads = new ArrayList<>();
        for (Op op : Op.values()) {
            for (int perServer : new int[] {1, 4, 16}) {
                loads.add(new Pipelined(op, perServer * servers, window, servers));
            }
        }
        return List.copyOf(loads);
    }

    /**
     * The loads named by a comma-separated filter: an id ({@code mix-8}) or an id's prefix
     * before the session count ({@code mix}, {@code ensemble-mix}) or before a dash
     * ({@code ensemble}: every load of an ensemble); blank means all.
     */
    static List<Load> select(List<Load> loads, String filter) {
        if (filter == null || filter.isBlank()) {
            return loads;
        }
        List<String> names = Arrays.stream(filter.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        List<Load> selected = loads.stream()
                .filter(l -> names.stream().anyMatch(n -> l.id().equals(n) || l.id().startsWith(n + "-")))
                .toList();
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no load matches '" + filter + "'; loads are "
                    + loads.stream().map(Load::id).toList());
        }
        return selected;
    }
}
