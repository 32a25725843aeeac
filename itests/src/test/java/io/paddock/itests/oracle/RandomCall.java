package io.paddock.itests.oracle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/** One randomly chosen stock-client call over a small tree, described so a failure can be read. */
record RandomCall(String description, ZkCall call, boolean sequential) {

    @FunctionalInterface
    interface ZkCall {
        Object run(ZooKeeper zk) throws Exception;
    }

    private static final CreateMode[] MODES = {CreateMode.PERSISTENT, CreateMode.PERSISTENT, CreateMode.PERSISTENT,
        CreateMode.EPHEMERAL, CreateMode.EPHEMERAL, CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL,
        CreateMode.CONTAINER};

    /** ACLs a call may set: open, read-only, the creator's (INVALIDACL without auth), no permissions. */
    private static final List<List<ACL>> ACLS = List.of(Ids.OPEN_ACL_UNSAFE, Ids.READ_ACL_UNSAFE, Ids.CREATOR_ALL_ACL,
            // the stock client asks its ACL list contains(null), which an immutable List.of refuses
            new ArrayList<>(List.of(new ACL(ZooDefs.Perms.CREATE | ZooDefs.Perms.DELETE, Ids.ANYONE_ID_UNSAFE))));

    static RandomCall next(Random random, String path, List<String> paths) {
        int kind = random.nextInt(100);
        if (kind < 25) {
            return create(random, path);
        }
        if (kind < 37) {
            int version = version(random);
            return new RandomCall("delete " + path + " v" + version, zk -> {
                zk.delete(path, version);
                return "deleted";
            }, false);
        }
        if (kind < 49) {
            byte[] data = data(random);
            int version = version(random);
            return new RandomCall("setData " + path + " " + show(data) + " v" + version,
                    zk -> zk.setData(path, data, version), false);
        }
        boolean watch = random.nextBoolean();
        if (kind < 57) {
            return new RandomCall("exists " + path + " watch=" + watch, zk -> zk.exists(path, watch), false);
        }
        if (kind < 65) {
            return new RandomCall("getData " + path + " watch=" + watch, zk -> {
                Stat stat = new Stat();
                byte[] data = zk.getData(path, watch, stat);
                return new Object[] {data, stat};
            }, false);
        }
        if (kind < 71) {
            return new RandomCall("getChildren " + path + " watch=" + watch, zk -> zk.getChildren(path, watch), false);
        }
        if (kind < 75) {
            return new RandomCall("getChildren2 " + path + " watch=" + watch, zk -> {
                Stat stat = new Stat();
                List<String> children = zk.getChildren(path, watch, stat);
                return new Object[] {children, stat};
            }, false);
        }
        if (kind < 79) {
            AddWatchMode mode = random.nextBoolean() ? AddWatchMode.PERSISTENT : AddWatchMode.PERSISTENT_RECURSIVE;
            return new RandomCall("addWatch " + path + " " + mode, zk -> {
                zk.addWatch(path, mode);
                return "added";
            }, false);
        }
        if (kind < 82) {
            WatcherType type = WatcherType.values()[random.nextInt(WatcherType.values().length)];
            return new RandomCall("removeAllWatches " + path + " " + type, zk -> {
                zk.removeAllWatches(path, type, false);
                return "removed";
            }, false);
        }
        if (kind < 84) {
            return new RandomCall("getEphemerals " + path, zk -> zk.getEphemerals(path), false);
        }
        if (kind < 86) {
            return new RandomCall("getAllChildrenNumber " + path, zk -> zk.getAllChildrenNumber(path), false);
        }
        if (kind < 88) {
            List<ACL> acl = ACLS.get(random.nextInt(ACLS.size()));
            int version = version(random);
            return new RandomCall("setACL " + path + " " + acl + " v" + version, zk -> zk.setACL(path, acl, version),
                    false);
        }
        if (kind < 89) {
            return new RandomCall("getACL " + path, zk -> {
                Stat stat = new Stat();
                List<ACL> acl = zk.getACL(path, stat);
                return new Object[] {acl, stat};
            }, false);
        }
        if (kind < 90) {
            return new RandomCall("addAuthInfo digest " + path, zk -> {
                zk.addAuthInfo("digest", ("user" + path.length() + ":pw").getBytes(StandardCharsets.UTF_8));
                return zk.whoAmI();
            }, false);
        }
        if (kind < 92) {
            List<Op> reads = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                String p = paths.get(random.nextInt(paths.size()));
                reads.add(random.nextBoolean() ? Op.getData(p) : Op.getChildren(p));
            }
            return new RandomCall("multiRead " + reads.stream().map(Op::getPath).toList(), zk -> zk.multi(reads),
                    false);
        }
        List<Op> ops = new ArrayList<>();
        StringBuilder description = new StringBuilder("multi");
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String p = paths.get(random.nextInt(paths.size()));
            int version = version(random);
            switch (random.nextInt(4)) {
                case 0 -> {
                    CreateMode mode = random.nextBoolean() ? CreateMode.PERSISTENT : CreateMode.EPHEMERAL;
                    ops.add(Op.create(p, null, Ids.OPEN_ACL_UNSAFE, mode));
                    description.append(" [create ").append(p).append(' ').append(mode).append(']');
                }
                case 1 -> {
                    ops.add(Op.delete(p, version));
                    description.append(" [delete ").append(p).append(" v").append(version).append(']');
                }
                case 2 -> {
                    byte[] data = data(random);
                    ops.add(Op.setData(p, data, version));
                    description.append(" [setData ").append(p).append(' ').append(show(data)).append(" v")
                            .append(version).append(']');
                }
                default -> {
                    ops.add(Op.check(p, version));
                    description.append(" [check ").append(p).append(" v").append(version).append(']');
                }
            }
        }
        return new RandomCall(description.toString(), zk -> zk.multi(ops), false);
    }

    private static RandomCall create(Random random, String path) {
        CreateMode mode = MODES[random.nextInt(MODES.length)];
        byte[] data = data(random);
        boolean withStat = random.nextBoolean();
        List<ACL> acl = random.nextInt(8) == 0 ? ACLS.get(random.nextInt(ACLS.size())) : Ids.OPEN_ACL_UNSAFE;
        String target = mode.isSequential() ? path + "/q-" : path;
        return new RandomCall("create " + target + " " + mode + " " + show(data) + " " + acl
                + (withStat ? " (create2)" : ""), zk -> {
                    if (!withStat) {
                        return zk.create(target, data, acl, mode);
                    }
                    Stat stat = new Stat();
                    String created = zk.create(target, data, acl, mode, stat);
                    return new Object[] {created, stat};
                }, mode.isSequential() && !withStat);
    }

    private static byte[] data(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 -> new byte[0];
            default -> ("d" + random.nextInt(100)).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static int version(Random random) {
        return random.nextInt(3) == 0 ? -1 : random.nextInt(3);
    }

    private static String show(byte[] data) {
        return data == null ? "null" : "\"" + new String(data, StandardCharsets.UTF_8) + "\"";
    }
}
