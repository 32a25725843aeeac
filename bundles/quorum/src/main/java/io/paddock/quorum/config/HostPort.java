package io.paddock.quorum.config;

/**
 * A client address: a host in ZooKeeper's canonical text (see {@link Hosts}) and a port.
 * {@link #toString()} is ZooKeeper's {@code host:port} form, IPv6 in brackets.
 */
public record HostPort(String host, int port) {
    public HostPort {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Every interface on {@code port}, what {@code new InetSocketAddress(port)} means. */
    public static HostPort wildcard(int port) {
        return new HostPort("0.0.0.0", port);
    }

    public boolean isWildcard() {
        return Hosts.isWildcard(host);
    }

    @Override
    public String toString() {
        return Hosts.delimited(host) + ":" + port;
    }
}
