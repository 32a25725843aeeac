package io.paddock.server.cnxn;

/** The per-connection line of the stat and cons four-letter words (protocol.md section 15). */
final class ConnectionDescription {
    private ConnectionDescription() {
    }

    static String of(ServerConnection c, boolean full) {
        StringBuilder sb = new StringBuilder(" /");
        sb.append(c.connection().remoteAddress().getAddress().getHostAddress()).append(':')
                .append(c.connection().remoteAddress().getPort()).append("[1](queued=")
                .append(c.outstandingRequests()).append(",recved=").append(c.received()).append(",sent=")
                .append(c.sent());
        if (full) {
            sb.append(",sid=0x").append(Long.toHexString(c.sessionId()))
                    .append(",lop=NA,est=").append(c.established())
                    .append(",to=").append(c.sessionTimeout())
                    .append(",lzxid=0x").append(Long.toHexString(c.lastZxid()));
        }
        return sb.append(')').toString();
    }
}
