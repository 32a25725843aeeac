package io.paddock.storage.file;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.StatPersisted;
import io.paddock.api.storage.ZxidDigest;
import io.paddock.api.storage.SnapshotNode;
import io.paddock.api.storage.SnapshotSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Adler32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one uncompressed snapshot file (protocol.md section 16.5) into a sink, checking every
 * seal, and accepting the optional sections ZooKeeper 3.6+ (ZxidDigest) and 3.9+
 * (lastProcessedZxid) write after the first seal.
 */
final class SnapshotFileReader {
    private static final Logger log = LoggerFactory.getLogger(SnapshotFileReader.class);

    /** ZxidDigest: zxid:long, digestVersion:int, digest:long. */
    private static final int ZXID_DIGEST_LENGTH = 8 + 4 + 8;

    private final int maxRecordLength;

    SnapshotFileReader(int maxRecordLength) {
        this.maxRecordLength = maxRecordLength;
    }

    void read(Path file, SnapshotSink sink) throws IOException {
        try (FileInput in = FileInput.open(file, new Adler32())) {
            int magic = in.readInt();
            if (magic != FileHeader.SNAPSHOT.magic()) {
                throw new IOException(file + " is not a snapshot: magic " + Integer.toHexString(magic));
            }
            in.readInt(); // version: ZooKeeper checks only the magic (section 16.2)
            in.readLong(); // dbid
            readSessions(in, sink);
            readAcls(in, sink);
            readNodes(in, sink);
            SnapshotSeal.check(in);
            // Each optional section is followed by its own seal; a file may stop before either.
            if (in.request(ZXID_DIGEST_LENGTH + SnapshotSeal.LENGTH)) {
                long zxid = in.readLong();
                int version = in.readInt();
                long digest = in.readLong();
                SnapshotSeal.check(in);
                // ZooKeeper writes zxid 0 when it had no digest to give.
                if (zxid > 0) {
                    sink.digest(new ZxidDigest(zxid, version, digest));
                }
            }
            if (in.request(8 + SnapshotSeal.LENGTH)) {
                long lastProcessedZxid = in.readLong();
                SnapshotSeal.check(in);
                log.debug("{}: last processed zxid {}", file, Long.toHexString(lastProcessedZxid));
            }
        }
    }

    private static void readSessions(FileInput in, SnapshotSink sink) throws IOException {
        int count = readCount(in, "session");
        for (int i = 0; i < count; i++) {
            long id = in.readLong();
            int timeout = in.readInt();
            sink.session(id, timeout);
        }
    }

    private void readAcls(FileInput in, SnapshotSink sink) throws IOException {
        int count = readCount(in, "ACL cache entry");
        for (int i = 0; i < count; i++) {
            long ref = in.readLong();
            int n = readCount(in, "ACL");
            List<Acl> acl = new ArrayList<>(Math.min(n, 16));
            for (int k = 0; k < n; k++) {
                int perms = in.readInt();
                String scheme = in.readString(maxRecordLength);
                String id = in.readString(maxRecordLength);
                acl.add(new Acl(perms, new Id(scheme, id)));
            }
            sink.acl(ref, List.copyOf(acl));
        }
    }

    private void readNodes(FileInput in, SnapshotSink sink) throws IOException {
        for (String path = in.readString(maxRecordLength); !"/".equals(path); path = in.readString(maxRecordLength)) {
            if (path == null) {
                throw new IOException(in.file() + ": null node path before offset " + in.position());
            }
            byte[] data = in.readBuffer(maxRecordLength, "node data");
            long aclRef = in.readLong();
            StatPersisted stat = new StatPersisted(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong());
            sink.node(new SnapshotNode(path, data, aclRef, stat));
        }
    }

    private static int readCount(FileInput in, String what) throws IOException {
        long at = in.position();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException(in.file() + ": invalid " + what + " count " + n + " at offset " + at);
        }
        return n;
    }
}
