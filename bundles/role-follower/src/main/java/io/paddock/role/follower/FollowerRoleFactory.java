package io.paddock.role.follower;

import io.paddock.api.quorum.Role;
import io.paddock.api.quorum.RoleContext;
import io.paddock.api.quorum.RoleFactory;
import io.paddock.quorum.role.Learner;
import org.osgi.service.component.annotations.Component;

/** Follows the elected leader: votes on its proposals and serves clients, forwarding writes. */
@Component(property = RoleFactory.PROPERTY + "=follower")
public final class FollowerRoleFactory implements RoleFactory {
    @Override
    public Role start(RoleContext context) {
        return Learner.start(context, false);
    }
}
