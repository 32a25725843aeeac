package io.paddock.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The {@code digest} scheme: {@code user:password} becomes {@code user:BASE64(SHA1(user:password))}. */
public final class DigestAuth {
    private DigestAuth() {
    }

    public static String idFor(String userPassword) {
        int colon = userPassword.indexOf(':');
        String user = colon < 0 ? userPassword : userPassword.substring(0, colon);
        try {
            byte[] sha = MessageDigest.getInstance("SHA1").digest(userPassword.getBytes(StandardCharsets.UTF_8));
            return user + ":" + Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1 is required of every Java platform", e);
        }
    }

    /** An ACL id of this scheme must hold exactly one ':' (protocol.md section 13.2). */
    public static boolean isValidId(String id) {
        return id != null && id.indexOf(':') >= 0 && id.indexOf(':') == id.lastIndexOf(':');
    }
}
