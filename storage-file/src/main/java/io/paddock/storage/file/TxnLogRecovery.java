package io.paddock.storage.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a txn log directory to a clean state when it is opened: scans every file in zxid
 * order, cuts off a torn tail (a crash in the middle of an append), removes a last file that
 * holds no entry at all, and refuses damage that has valid entries after it. Nothing is
 * changed on disk unless the whole scan succeeds.
 */
final class TxnLogRecovery {
    private static final Logger log = LoggerFactory.getLogger(TxnLogRecovery.class);

    /** The surviving log files, lowest zxid first, and the zxid of the last valid entry (0 if none). */
    record Result(List<ZxidFile> files, long lastZxid) {
    }

    private record Cut(Path file, long offset, TxnLogFileReader.End why) {
    }

    private final Path dir;
    private final int maxRecordLength;

    TxnLogRecovery(Path dir, int maxRecordLength) {
        this.dir = dir;
        this.maxRecordLength = maxRecordLength;
    }

    Result recover() throws IOException {
        List<ZxidFile> files = new ArrayList<>(ZxidFile.list(dir, ZxidFile.LOG_PREFIX));
        List<Cut> cuts = new ArrayList<>();
        ZxidFile emptyLast = null;
        Cut unresolvedBadChecksum = null;
        long lastZxid = 0;
        for (int i = 0; i < files.size(); i++) {
            boolean isLast = i == files.size() - 1;
            ZxidFile file = files.get(i);
            try (TxnLogFileReader reader = TxnLogFileReader.open(file.path(), maxRecordLength)) {
                if (reader.headerTorn()) {
                    if (!isLast) {
                        throw new IOException("txn log " + file.path() + " has no complete header but later logs exist");
                    }
                    emptyLast = file;
                    break;
                }
                int entries = 0;
                for (TxnLogFileReader.Frame f = reader.next(); f != null; f = reader.next()) {
                    if (unresolvedBadChecksum != null) {
                        throw corrupt(unresolvedBadChecksum);
                    }
                    lastZxid = f.zxid();
                    entries++;
                }
                Cut cut = new Cut(file.path(), reader.endOffset(), reader.end());
                switch (reader.end()) {
                    case CLEAN -> cut = null;
                    case TORN -> {
                        // ZooKeeper's reader also stops at a partial entry and moves to the next
                        // file; but a write is torn only at the end, never with valid entries after it.
                        if (reader.validEntryFollows()) {
                            throw corrupt(cut);
                        }
                    }
                    case BAD_CHECKSUM -> {
                        if (reader.validEntryFollows()) {
                            throw corrupt(cut);
                        }
                        // Only a torn write if nothing valid follows in any later file either.
                        unresolvedBadChecksum = cut;
                    }
                }
                if (entries == 0 && isLast) {
                    emptyLast = file;
                } else if (cut != null) {
                    cuts.add(cut);
                }
            }
        }
        for (Cut cut : cuts) {
            cutOff(cut);
        }
        if (emptyLast != null) {
            log.warn("removing txn log {}: it holds no complete entry (cut short while being created)", emptyLast.path());
            Files.delete(emptyLast.path());
            files.remove(emptyLast);
            DirectorySync.force(dir);
        }
        return new Result(List.copyOf(files), lastZxid);
    }

    private static IOException corrupt(Cut cut) {
        String damage = cut.why() == TxnLogFileReader.End.TORN ? "an incomplete entry" : "a checksum mismatch in the entry";
        return new IOException("txn log " + cut.file() + " is corrupt: " + damage + " at offset "
                + cut.offset() + ", and valid entries follow it");
    }

    private static void cutOff(Cut cut) throws IOException {
        try (FileChannel ch = FileChannel.open(cut.file(), StandardOpenOption.WRITE)) {
            long size = ch.size();
            log.warn("txn log {}: cutting off a torn tail at offset {} ({}; the file was {} bytes)",
                    cut.file(), cut.offset(), cut.why() == TxnLogFileReader.End.TORN ? "incomplete entry" : "checksum mismatch",
                    size);
            ch.truncate(cut.offset());
            ch.force(true);
        }
    }
}
