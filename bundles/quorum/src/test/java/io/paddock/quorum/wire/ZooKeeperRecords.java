package io.paddock.quorum.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;

/** ZooKeeper's own jute serializer and deserializer, the oracles of the compatibility tests. */
final class ZooKeeperRecords {
    private ZooKeeperRecords() {
    }

    static byte[] serialize(Record record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            record.serialize(BinaryOutputArchive.getArchive(bytes), "packet");
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <R extends Record> R deserialize(byte[] bytes, R into) throws IOException {
        into.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes)), "packet");
        return into;
    }
}
