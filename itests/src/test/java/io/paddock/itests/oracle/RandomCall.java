package io.paddock.itests.oracle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/** One randomly chosen stock-client call over a small tree, described so a failure can be read. */
record RandomCall(String description, ZkCall call, boolean sequential) {

    @FunctionalInterface
    interface ZkCall {
        Object run(ZooKeeper zk) throws Exception;
    }

    private static final CreateMode[] MODES = {CreateMode.PERSISTENT, CreateMode.PERSISTENT, CreateMode.PERSISTENT,
        CreateMode.EPHEMERAL, CreateMode.EPHEMERAL, CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL};

    static RandomCall next(Random random, String path, List<String> paths) {
        int kind = random.nextInt(100);
        if (kind < 25) {
            CreateMode mode = MODES[random.nextInt(MODES.length)];
            byte[] data = data(random);
            boolean withStat = random.nextBoolean();
            String target = mode.isSequential() ? path + "/q-" : path;
            return new RandomCall("create " + target + " " + mode + " " + show(data) + (withStat ? " (create2)" : ""),
                    zk -> {
                        if (!withStat) {
                            return zk.create(target, data, Ids.OPEN_ACL_UNSAFE, mode);
                        }
                        Stat stat = new Stat();
                        String created = zk.create(target, data, Ids.OPEN_ACL_UNSAFE, mode, stat);
                        return new Object[] {created, stat};
                    }, mode.isSequential() && !withStat);
        }
        if (kind < 40) {
            int version = version(random);
            return new RandomCall("delete " + path + " v" + version, zk -> {
                zk.delete(path, version);
                return "deleted";
            }, false);
        }
        if (kind < 55) {
            byte[] data = data(random);
            int version = version(random);
            return new RandomCall("setData " + path + " " + show(data) + " v" + version,
                    zk -> zk.setData(path, data, version), false);
        }
        boolean watch = random.nextBoolean();
        if (kind < 65) {
            return new RandomCall("exists " + path + " watch=" + watch, zk -> zk.exists(path, watch), false);
        }
        if (kind < 75) {
            return new RandomCall("getData " + path + " watch=" + watch, zk -> {
                Stat stat = new Stat();
                byte[] data = zk.getData(path, watch, stat);
                return new Object[] {data, stat};
            }, false);
        }
        if (kind < 83) {
            return new RandomCall("getChildren " + path + " watch=" + watch, zk -> zk.getChildren(path, watch), false);
        }
        if (kind < 88) {
            return new RandomCall("getChildren2 " + path + " watch=" + watch, zk -> {
                Stat stat = new Stat();
                List<String> children = zk.getChildren(path, watch, stat);
                return new Object[] {children, stat};
            }, false);
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
