package io.paddock.itests.datadir;

/** What a client needs to resume a session on any server: its id and the password it was given. */
record Session(long id, byte[] password) {

    @Override
    public String toString() {
        return "0x" + Long.toHexString(id);
    }
}
