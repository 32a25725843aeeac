package io.paddock.role.leader;

import io.paddock.api.quorum.Role;
import io.paddock.api.quorum.RoleContext;
import io.paddock.api.quorum.RoleFactory;
import io.paddock.quorum.role.Leader;
import org.osgi.service.component.annotations.Component;

/** Leads the ensemble once this peer is elected: ZooKeeper's {@code Leader} with its learner handlers. */
@Component(property = RoleFactory.PROPERTY + "=leader")
public final class LeaderRoleFactory implements RoleFactory {
    @Override
    public Role start(RoleContext context) {
        return Leader.start(context);
    }
}
