package io.paddock.quorum.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The host part of an address in a quorum configuration, in the form ZooKeeper shows it.
 *
 * <p>ZooKeeper keeps hosts as {@code InetSocketAddress} and prints {@code getHostString()}: a
 * name as written, but an IP literal in Java's canonical text ({@code ::1} becomes
 * {@code 0:0:0:0:0:0:0:1}, an IPv4-mapped IPv6 address becomes the IPv4 address). We hold the
 * host as that text from the start, so that the configuration text matches and two spellings of
 * one literal compare equal. Names are never resolved here: ZooKeeper resolves them while
 * parsing but accepts a name that does not resolve, so resolution cannot refuse anything.
 */
final class Hosts {
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern BLANK = Pattern.compile("\\s");

    private Hosts() {
    }

    /** The canonical text of {@code host} (brackets already removed), or a refusal naming {@code key}. */
    static String canonical(String host, String key) {
        if (host.isEmpty()) {
            // ZooKeeper's InetSocketAddress("") quietly means the loopback address; an empty host
            // is always a slip, so we say so.
            throw new QuorumConfigException(key + ": empty host name");
        }
        if (BLANK.matcher(host).find()) {
            throw new QuorumConfigException(key + ": host '" + host + "' contains a blank");
        }
        if (host.indexOf(':') >= 0) {
            return ipv6(host, key);
        }
        if (DIGITS_AND_DOTS.matcher(host).matches()) {
            return ipv4(host, key);
        }
        return host;
    }

    /** True for the addresses that mean "every interface": 0.0.0.0 and ::. */
    static boolean isWildcard(String canonicalHost) {
        return canonicalHost.equals("0.0.0.0") || canonicalHost.equals("0:0:0:0:0:0:0:0");
    }

    /** ZooKeeper's {@code QuorumServer.delimitedHostString}: IPv6 text goes in brackets. */
    static String delimited(String canonicalHost) {
        return canonicalHost.indexOf(':') >= 0 ? "[" + canonicalHost + "]" : canonicalHost;
    }

    private static String ipv4(String host, String key) {
        // Java also takes the old short forms (1.2.3 and the like) as literals and looks anything
        // else made of digits and dots up in DNS; we take only the dotted quad and refuse the rest
        // rather than guess.
        var m = DOTTED_QUAD.matcher(host);
        if (!m.matches()) {
            throw new QuorumConfigException(key + ": '" + host + "' is not an IPv4 address (a.b.c.d)");
        }
        StringBuilder text = new StringBuilder(15);
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                throw new QuorumConfigException(key + ": '" + host + "' is not an IPv4 address (octet above 255)");
            }
            text.append(i > 1 ? "." : "").append(octet);
        }
        return text.toString();
    }

    private static String ipv6(String host, String key) {
        try {
            // In brackets, InetAddress.getByName parses a literal and never asks DNS.
            return InetAddress.getByName("[" + host + "]").getHostAddress();
        } catch (UnknownHostException | SecurityException e) {
            throw new QuorumConfigException(key + ": '" + host + "' is not an IPv6 address", e);
        }
    }
}
