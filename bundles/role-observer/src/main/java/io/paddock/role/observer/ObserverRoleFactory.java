package io.paddock.role.observer;

import io.paddock.api.quorum.Role;
import io.paddock.api.quorum.RoleContext;
import io.paddock.api.quorum.RoleFactory;
import io.paddock.quorum.role.Learner;
import org.osgi.service.component.annotations.Component;

/** Observes the elected leader: learns committed txns (INFORM) without voting, and serves clients. */
@Component(property = RoleFactory.PROPERTY + "=observer")
public final class ObserverRoleFactory implements RoleFactory {
    @Override
    public Role start(RoleContext context) {
        return Learner.start(context, true);
    }
}
