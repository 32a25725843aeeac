package io.paddock.quorum.link;

import java.util.List;

/**
 * The shape of a jute record as far as finding its end goes (protocol.md section 1): which parts
 * have a fixed size and which carry a length or a count. {@link RecordScanner} walks it over the
 * bytes as they arrive; the record itself is then read with the usual {@code JuteInput} calls.
 */
sealed interface Layout {
    /** Fixed-size fields together: ints, longs, a StatPersisted. */
    record Fixed(int bytes) implements Layout {
    }

    /** A buffer or ustring: {@code int} length, then that many bytes; -1 is null. */
    record Bytes(String what) implements Layout {
    }

    /**
     * A vector: {@code int} count, then that many elements laid out as {@code element}; -1 is null,
     * which only a {@code nullable} vector may be.
     */
    record Vector(String what, boolean nullable, List<Layout> element) implements Layout {
        public Vector {
            element = List.copyOf(element);
        }

        /** The fewest bytes one element takes, which bounds how many a record can hold. */
        int minElementSize() {
            return element.stream().mapToInt(Layout::minSize).sum();
        }
    }

    private static int minSize(Layout layout) {
        return layout instanceof Fixed fixed ? fixed.bytes() : 4;
    }
}
