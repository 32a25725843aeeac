package io.paddock.server.processor;

/**
 * Where the client port hands requests: the standalone pipeline, or the chain of the quorum
 * role the server plays. Called on connections' threads, in each connection's order.
 */
public interface RequestChain {
    void submit(Request r);
}
