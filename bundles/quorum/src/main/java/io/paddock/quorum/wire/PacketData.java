package io.paddock.quorum.wire;

import io.paddock.api.proto.JuteException;
import io.paddock.api.proto.JuteInput;

/** Reading the data of a packet: ZooKeeper reads these with a ByteBuffer or DataInputStream. */
final class PacketData {
    private PacketData() {
    }

    /** An input over {@code data}; null data (jute length -1) is refused naming the packet. */
    static JuteInput of(byte[] data, String packet) {
        if (data == null) {
            throw new JuteException(packet + " data missing: the packet has no data");
        }
        return JuteInput.of(data);
    }
}
