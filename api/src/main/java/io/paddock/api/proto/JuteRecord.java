package io.paddock.api.proto;

/** A value with a jute encoding. Each implementation also offers a static {@code read(JuteInput)}. */
public interface JuteRecord {
    void write(JuteOutput out);
}
