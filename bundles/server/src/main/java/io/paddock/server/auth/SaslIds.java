package io.paddock.server.auth;

import java.util.regex.Pattern;

/** Ids of the {@code sasl} scheme in ACLs (protocol.md section 13.2), as ZooKeeper's SASL provider judges them. */
public final class SaslIds {
    /** A Kerberos principal, {@code name[/host]@REALM}; ZooKeeper parses sasl ids as one. */
    private static final Pattern PRINCIPAL = Pattern.compile("([^/@]*)(/([^/@]*))?@([^/@]*)");

    private SaslIds() {
    }

    /** Valid unless it has an '@' but is no principal (ZooKeeper's KerberosName refuses it then). */
    public static boolean isValidId(String id) {
        return id != null && (id.indexOf('@') < 0 || PRINCIPAL.matcher(id).matches());
    }

    /** Exact match; a SASL user named {@code super} matches every sasl entry, as in ZooKeeper. */
    public static boolean matches(String aclId, String callerId) {
        return "super".equals(callerId) || aclId.equals(callerId);
    }
}
