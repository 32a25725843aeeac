package io.paddock.api.proto;

import java.util.function.Function;
import org.apache.jute.Record;

/**
 * One row of a compatibility table: how to build a record from a {@link Sample} with our api
 * and with ZooKeeper's generated classes, and how our api reads it back.
 *
 * @param optionalTail the record ends in a field a reader takes only if bytes remain (the
 *                     readOnly byte of §3, the body of a 3.5 closeSession in §16.3), so a
 *                     prefix missing exactly that field is still a valid record
 */
public record RecordKind(String name, Function<Sample, ? extends JuteRecord> ours,
                         Function<Sample, ? extends Record> theirs,
                         Function<JuteInput, ? extends JuteRecord> reader, boolean optionalTail) {

    public static RecordKind of(String name, Function<Sample, ? extends JuteRecord> ours,
                                Function<Sample, ? extends Record> theirs,
                                Function<JuteInput, ? extends JuteRecord> reader) {
        return new RecordKind(name, ours, theirs, reader, false);
    }

    public RecordKind withOptionalTail() {
        return new RecordKind(name, ours, theirs, reader, true);
    }

    @Override
    public String toString() {
        return name;
    }
}
