package io.paddock.api.proto;

/** ZooKeeper's error codes, {@code KeeperException.Code} (protocol.md section 10). */
public final class Code {
    public static final int OK = 0;
    public static final int SYSTEMERROR = -1;
    public static final int RUNTIMEINCONSISTENCY = -2;
    public static final int DATAINCONSISTENCY = -3;
    public static final int CONNECTIONLOSS = -4;
    public static final int MARSHALLINGERROR = -5;
    public static final int UNIMPLEMENTED = -6;
    public static final int OPERATIONTIMEOUT = -7;
    public static final int BADARGUMENTS = -8;
    public static final int UNKNOWNSESSION = -12;
    public static final int NEWCONFIGNOQUORUM = -13;
    public static final int RECONFIGINPROGRESS = -14;
    public static final int APIERROR = -100;
    public static final int NONODE = -101;
    public static final int NOAUTH = -102;
    public static final int BADVERSION = -103;
    public static final int NOCHILDRENFOREPHEMERALS = -108;
    public static final int NODEEXISTS = -110;
    public static final int NOTEMPTY = -111;
    public static final int SESSIONEXPIRED = -112;
    public static final int INVALIDCALLBACK = -113;
    public static final int INVALIDACL = -114;
    public static final int AUTHFAILED = -115;
    public static final int SESSIONMOVED = -118;
    public static final int NOTREADONLY = -119;
    public static final int EPHEMERALONLOCALSESSION = -120;
    public static final int NOWATCHER = -121;
    public static final int REQUESTTIMEOUT = -122;
    public static final int RECONFIGDISABLED = -123;
    public static final int SESSIONCLOSEDREQUIRESASLAUTH = -124;
    public static final int QUOTAEXCEEDED = -125;
    public static final int THROTTLEDOP = -127;

    private Code() {
    }
}
