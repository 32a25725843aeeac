package io.paddock.server.auth;

/** The {@code ip} scheme: IPv4 addresses and CIDR ranges (protocol.md section 13.2). */
public final class IpAuth {
    private IpAuth() {
    }

    /** An IPv4 address or {@code a.b.c.d/bits}; IPv6 is refused as ZooKeeper does. */
    public static boolean isValidId(String id) {
        return id != null && parse(id) != null;
    }

    /** Does the ACL id (address or range) cover the client address? */
    public static boolean matches(String aclId, String clientAddress) {
        long[] range = parse(aclId);
        long[] client = parse(clientAddress);
        if (range == null || client == null) {
            return false;
        }
        long mask = range[1] == 0 ? 0 : (0xffffffffL << (32 - range[1])) & 0xffffffffL;
        return (range[0] & mask) == (client[0] & mask);
    }

    /** {address, prefix bits}, or null if not an IPv4 address or range. */
    private static long[] parse(String s) {
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        long bits = 32;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (bits < 0 || bits > 32) {
                return null;
            }
        }
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return null;
            }
            value = (value << 8) | octet;
        }
        return new long[] {value, bits};
    }
}
