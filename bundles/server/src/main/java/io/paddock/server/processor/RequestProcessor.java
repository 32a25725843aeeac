package io.paddock.server.processor;

/** One stage of the request pipeline: takes requests in order and hands them on. */
public interface RequestProcessor {
    void processRequest(Request request);

    /** Stops the stage after what it holds is handled or dropped; bounded. */
    void shutdown();
}
