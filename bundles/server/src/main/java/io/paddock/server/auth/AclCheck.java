package io.paddock.server.auth;

import io.paddock.api.proto.Acl;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.Perms;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Permission checks and the ACL fix-up on create and setACL (protocol.md sections 13.3-13.4). */
public final class AclCheck {
    private AclCheck() {
    }

    /** True if an entry grants any of {@code perm}'s bits to one of {@code ids} or to anyone. */
    public static boolean permits(List<Acl> acl, int perm, List<Id> ids) {
        for (Id id : ids) {
            if ("super".equals(id.scheme())) {
                return true;
            }
        }
        for (Acl a : acl) {
            if ((a.perms() & perm) == 0) {
                continue;
            }
            Id aclId = a.id();
            if ("world".equals(aclId.scheme()) && "anyone".equals(aclId.id())) {
                return true;
            }
            for (Id id : ids) {
                if (id.scheme().equals(aclId.scheme()) && matches(aclId, id)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(Id aclId, Id callerId) {
        return switch (aclId.scheme()) {
            case "ip" -> IpAuth.matches(aclId.id(), callerId.id());
            case "sasl" -> SaslIds.matches(aclId.id(), callerId.id());
            default -> aclId.id().equals(callerId.id());
        };
    }

    /**
     * The ACL to store: duplicates removed, {@code auth} entries replaced by the caller's
     * authenticated ids; null if the list is invalid (INVALIDACL).
     */
    public static List<Acl> fixUp(List<Acl> acl, List<Id> callerIds) {
        if (acl == null || acl.isEmpty()) {
            return null;
        }
        Set<Acl> fixed = new LinkedHashSet<>();
        for (Acl a : acl) {
            Id id = a.id();
            if (id == null || id.scheme() == null) {
                return null;
            }
            switch (id.scheme()) {
                case "world" -> {
                    if (!"anyone".equals(id.id())) {
                        return null;
                    }
                    fixed.add(a);
                }
                case "auth" -> {
                    boolean any = false;
                    for (Id caller : callerIds) {
                        if (isAuthenticatedScheme(caller.scheme())) {
                            fixed.add(new Acl(a.perms(), caller));
                            any = true;
                        }
                    }
                    if (!any) {
                        return null;
                    }
                }
                case "digest" -> {
                    if (!DigestAuth.isValidId(id.id())) {
                        return null;
                    }
                    fixed.add(a);
                }
                case "ip" -> {
                    if (!IpAuth.isValidId(id.id())) {
                        return null;
                    }
                    fixed.add(a);
                }
                case "sasl" -> {
                    if (!SaslIds.isValidId(id.id())) {
                        return null;
                    }
                    fixed.add(a);
                }
                // A certificate subject; ZooKeeper's X509AuthenticationProvider takes every id as valid.
                case "x509" -> fixed.add(a);
                default -> {
                    return null;
                }
            }
        }
        return new ArrayList<>(fixed);
    }

    /** Schemes whose ids count for the {@code auth} pseudo-scheme (not ip). */
    private static boolean isAuthenticatedScheme(String scheme) {
        return "digest".equals(scheme) || "sasl".equals(scheme) || "x509".equals(scheme);
    }

    /** getACL without ADMIN shows digest ids as {@code user:x} (protocol.md section 7.5). */
    public static List<Acl> masked(List<Acl> acl) {
        List<Acl> out = new ArrayList<>(acl.size());
        for (Acl a : acl) {
            Id id = a.id();
            if ("digest".equals(id.scheme())) {
                String user = id.id().substring(0, Math.max(0, id.id().indexOf(':')));
                out.add(new Acl(a.perms(), new Id("digest", user + ":x")));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** The permissions a caller must hold to read a node's ACL: READ or ADMIN. */
    public static final int GET_ACL_PERMS = Perms.READ | Perms.ADMIN;
}
