package io.paddock.api.quorum;

/**
 * Starts the role a quorum peer plays once its election decided: a service registered with
 * {@value #PROPERTY} naming the role ({@code leader}, {@code follower} or {@code observer}). The
 * peer starts one role at a time and looks for a leader again when it ends.
 */
public interface RoleFactory {
    /** Service property that names the role a factory starts. */
    String PROPERTY = "paddock.role";

    /**
     * Starts the role on threads of its own and returns at once. The role runs until it calls
     * {@link RoleContext#ended} (it lost its leader or its quorum, or a peer broke the protocol)
     * or until {@link Role#close} stops it.
     */
    Role start(RoleContext context);
}
