package io.paddock.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;

/**
 * ZooKeeper's own jute classes as the oracle: runs their serializer, converts our values to
 * theirs, and holds the two assertions every compatibility test makes.
 */
public final class ZooKeeperJute {
    private ZooKeeperJute() {
    }

    public static byte[] serialize(Record record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            record.serialize(BinaryOutputArchive.getArchive(bytes), "record");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static <R extends Record> R deserialize(byte[] bytes, R into) {
        try {
            into.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes)), "record");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into;
    }

    /**
     * Our encoding of {@code ours} is byte for byte ZooKeeper's encoding of {@code theirs}, and
     * reading ZooKeeper's bytes with {@code reader} gives back every field of {@code ours},
     * consuming exactly those bytes.
     */
    public static void assertCompatible(JuteRecord ours, Record theirs,
                                        Function<JuteInput, ? extends JuteRecord> reader) {
        byte[] expected = serialize(theirs);
        assertThat(JuteOutput.serialize(ours)).as("our bytes").isEqualTo(expected);

        JuteInput in = JuteInput.of(expected);
        assertThat(reader.apply(in)).as("decoded from ZooKeeper's bytes").usingRecursiveComparison().isEqualTo(ours);
        assertThat(in.remaining()).as("bytes left unread").isZero();
    }

    public static org.apache.zookeeper.data.Id zk(Id id) {
        return new org.apache.zookeeper.data.Id(id.scheme(), id.id());
    }

    public static org.apache.zookeeper.data.ACL zk(Acl acl) {
        return new org.apache.zookeeper.data.ACL(acl.perms(), zk(acl.id()));
    }

    public static List<org.apache.zookeeper.data.ACL> zk(List<Acl> acl) {
        return acl == null ? null : acl.stream().map(ZooKeeperJute::zk).toList();
    }

    public static org.apache.zookeeper.data.Stat zk(Stat s) {
        return new org.apache.zookeeper.data.Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(),
                s.cversion(), s.aversion(), s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }

    public static org.apache.zookeeper.data.StatPersisted zk(StatPersisted s) {
        return new org.apache.zookeeper.data.StatPersisted(s.czxid(), s.mzxid(), s.ctime(), s.mtime(),
                s.version(), s.cversion(), s.aversion(), s.ephemeralOwner(), s.pzxid());
    }
}
