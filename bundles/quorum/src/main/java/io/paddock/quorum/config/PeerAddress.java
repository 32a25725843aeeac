package io.paddock.quorum.config;

/**
 * One {@code host:quorumPort:electionPort} of a server line; since ZooKeeper 3.6 a server may
 * list several, separated by {@code |}. The host is in ZooKeeper's canonical text ({@link Hosts}).
 */
public record PeerAddress(String host, int quorumPort, int electionPort) {
    public PeerAddress {
        if (quorumPort < 0 || quorumPort > 0xffff || electionPort < 0 || electionPort > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + quorumPort + ", " + electionPort);
        }
    }

    /** Where learners connect to the leader ({@code host:quorumPort}). */
    public HostPort quorumAddress() {
        return new HostPort(host, quorumPort);
    }

    /** Where election connections go ({@code host:electionPort}). */
    public HostPort electionAddress() {
        return new HostPort(host, electionPort);
    }
}
