package io.paddock.storage.file;

import io.paddock.api.storage.QuorumEpochs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * ZooKeeper's {@code acceptedEpoch} and {@code currentEpoch} files next to the snapshots: the
 * epoch in decimal, no newline (protocol.md section 16.1). Each write goes to a temporary file
 * that is synced and renamed over the old one, so a crash leaves the old value or the new one.
 */
final class FileQuorumEpochs implements QuorumEpochs {
    static final String ACCEPTED = "acceptedEpoch";
    static final String CURRENT = "currentEpoch";

    private final Path dir;

    FileQuorumEpochs(Path dir) {
        this.dir = dir;
    }

    @Override
    public long accepted() throws IOException {
        return read(ACCEPTED);
    }

    @Override
    public long current() throws IOException {
        return read(CURRENT);
    }

    @Override
    public void setAccepted(long epoch) throws IOException {
        write(ACCEPTED, epoch);
    }

    @Override
    public void setCurrent(long epoch) throws IOException {
        write(CURRENT, epoch);
    }

    private long read(String name) throws IOException {
        Path file = dir.resolve(name);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return NONE;
        }
        try {
            long epoch = Long.parseLong(text);
            if (epoch < 0) {
                throw new NumberFormatException("negative");
            }
            return epoch;
        } catch (NumberFormatException e) {
            throw new IOException(file + " does not hold an epoch: \"" + text + "\"", e);
        }
    }

    private void write(String name, long epoch) throws IOException {
        if (epoch < 0) {
            throw new IllegalArgumentException("an epoch is never negative: " + epoch);
        }
        Path temp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer text = ByteBuffer.wrap(Long.toString(epoch).getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                ch.write(text);
            }
            ch.force(true);
        }
        Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DirectorySync.force(dir);
    }
}
