package io.paddock.api.proto;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * One set of field values from which every record under test is built, on our side and on
 * ZooKeeper's. Each sample stresses one corner of the encoding: nulls (-1 lengths), empties
 * (0 lengths), multi-byte UTF-8 and negative numbers, and the extremes of each width.
 */
public record Sample(String name, String path, byte[] data, List<Acl> acl, Stat stat, int i, int j, long l,
                     boolean b, List<String> strings, String scheme) {

    @Override
    public String toString() {
        return name;
    }

    public static Stream<Sample> all() {
        return Stream.of(
                new Sample("typical", "/app/config", "hello".getBytes(StandardCharsets.UTF_8),
                        List.of(new Acl(Perms.ALL, Perms.ANYONE),
                                new Acl(Perms.READ | Perms.WRITE, new Id("digest", "user:tpUq/4Pn5A64fVZyQ0gOJ8ZWqkY="))),
                        new Stat(0x100000002L, 0x100000005L, 1_700_000_000_000L, 1_700_000_001_000L, 3, 2, 1,
                                0x1000001a2b3c4dL, 5, 2, 0x100000004L),
                        3, OpCode.CREATE, 0x100000005L, true, List.of("/a", "/a/b-c"), "digest"),
                new Sample("nulls", null, null, null, zeroStat(), 0, 0, 0L, false, null, null),
                new Sample("empties", "", new byte[0], List.of(), zeroStat(), 0, 0, 0L, false, List.of(), ""),
                new Sample("unicode and negatives", "/ünïcödé/路径/ключ/€", everyByte(),
                        List.of(new Acl(-1, new Id("sasl", "ü@ß.example")), new Acl(Integer.MIN_VALUE, new Id("", "路"))),
                        new Stat(-1L, Long.MIN_VALUE, -2L, -1_700_000_000_000L, -1, Integer.MIN_VALUE, -3, -1L, -4,
                                -5, -6L),
                        -1, Integer.MIN_VALUE, Long.MIN_VALUE, true, List.of("/ü", "", "/路径"), "ünï"),
                new Sample("extremes", "/", new byte[] {-1},
                        List.of(new Acl(Integer.MAX_VALUE, new Id("x", "y"))),
                        new Stat(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE,
                                Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE,
                                Integer.MAX_VALUE, Long.MAX_VALUE),
                        Integer.MAX_VALUE, OpCode.CLOSE_SESSION, Long.MAX_VALUE, false, List.of("x"), "x"));
    }

    public static Sample typical() {
        return all().findFirst().orElseThrow();
    }

    /** The string vector, with null read as empty (for records that normalise null vectors). */
    public List<String> stringsOrEmpty() {
        return strings == null ? List.of() : strings;
    }

    public StatPersisted statPersisted() {
        return new StatPersisted(stat.czxid(), stat.mzxid(), stat.ctime(), stat.mtime(), stat.version(),
                stat.cversion(), stat.aversion(), stat.ephemeralOwner(), stat.pzxid());
    }

    private static Stat zeroStat() {
        return new Stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static byte[] everyByte() {
        byte[] b = new byte[256];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) (k - 128);
        }
        return b;
    }
}
