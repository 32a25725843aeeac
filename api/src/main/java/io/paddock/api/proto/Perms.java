package io.paddock.api.proto;

import java.util.List;

/** ACL permission bits and the well-known ACL lists (protocol.md section 13.4). */
public final class Perms {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int CREATE = 4;
    public static final int DELETE = 8;
    public static final int ADMIN = 16;
    public static final int ALL = 31;

    public static final Id ANYONE = new Id("world", "anyone");
    public static final List<Acl> OPEN_ACL_UNSAFE = List.of(new Acl(ALL, ANYONE));
    public static final List<Acl> READ_ACL_UNSAFE = List.of(new Acl(READ, ANYONE));

    private Perms() {
    }
}
