package io.paddock.quorum.link;

import io.paddock.api.proto.JuteException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Finds where a jute record ends in bytes that arrive a few at a time. It remembers how far it
 * got, so each byte is measured once however the record is cut up, and it checks every length and
 * count as soon as their four bytes are in: a lying length is refused before any of what it
 * announces is buffered.
 */
final class RecordScanner {
    private final int maxLength;
    private final int maxRecordLength;
    private final Deque<Cursor> cursors = new ArrayDeque<>();
    private int measured;

    /**
     * @param maxLength       the longest buffer or string a record may hold
     * @param maxRecordLength the longest record, all its parts together
     */
    RecordScanner(int maxLength, int maxRecordLength) {
        this.maxLength = maxLength;
        this.maxRecordLength = maxRecordLength;
    }

    /** Starts measuring a new record laid out as {@code record}. */
    void start(List<Layout> record) {
        cursors.clear();
        cursors.push(new Cursor(record, 1));
        measured = 0;
    }

    /**
     * The length of the record that starts at {@code in}'s position, once all of it is there;
     * -1 while more bytes are needed. Leaves {@code in} as it is.
     *
     * @throws JuteException if a length or count is out of range
     */
    int scan(ByteBuffer in) {
        int start = in.position();
        int available = in.remaining();
        while (!cursors.isEmpty()) {
            Cursor cursor = cursors.peek();
            if (cursor.next == cursor.fields.size()) {
                if (--cursor.repeats > 0) {
                    cursor.next = 0;
                } else {
                    cursors.pop();
                }
                continue;
            }
            Layout field = cursor.fields.get(cursor.next);
            int size = field instanceof Layout.Fixed fixed ? fixed.bytes() : 4;
            if (available - measured < size) {
                return -1;
            }
            if (field instanceof Layout.Bytes bytes) {
                size += checkedLength(bytes.what(), in.getInt(start + measured));
                if (available - measured < size) {
                    return -1;
                }
            } else if (field instanceof Layout.Vector vector) {
                int count = checkedCount(vector, in.getInt(start + measured));
                measured += size;
                cursor.next++;
                if (count > 0) {
                    cursors.push(new Cursor(vector.element(), count));
                }
                continue;
            }
            measured += size;
            cursor.next++;
        }
        return measured;
    }

    private int checkedLength(String what, int length) {
        if (length < -1) {
            throw new JuteException("invalid " + what + " length " + length);
        }
        if (length > maxLength) {
            throw new JuteException(what + " length " + length + " is over the limit of " + maxLength + " bytes");
        }
        checkFits(what + " of " + length + " bytes", 4L + Math.max(length, 0));
        return Math.max(length, 0);
    }

    private int checkedCount(Layout.Vector vector, int count) {
        if (count < -1) {
            throw new JuteException("invalid " + vector.what() + " count " + count);
        }
        if (count == -1 && !vector.nullable()) {
            throw new JuteException(vector.what() + " is null (count -1), where a list is required");
        }
        // Every element takes some bytes, so a count that cannot fit is refused before it is believed.
        checkFits(vector.what() + " count " + count, 4L + (long) Math.max(count, 0) * vector.minElementSize());
        return count;
    }

    private void checkFits(String what, long bytes) {
        if (measured + bytes > maxRecordLength) {
            throw new JuteException(what + " cannot fit in a record of at most " + maxRecordLength + " bytes");
        }
    }

    /** Where the scan stands within one list of fields, repeated for the elements of a vector. */
    private static final class Cursor {
        final List<Layout> fields;
        int next;
        int repeats;

        Cursor(List<Layout> fields, int repeats) {
            this.fields = fields;
            this.repeats = repeats;
        }
    }
}
