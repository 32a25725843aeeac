package io.paddock.itests.oracle;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link DifferentialScenarios} class whose two servers run with TTL nodes allowed:
 * ZooKeeper's {@code zookeeper.extendedTypesEnabled} (read on every call, so it may be set for one
 * class and cleared after it) and Paddock's {@code extendedTypesEnabled}. Inherited, so a class
 * that runs the same scenarios on ensembles has it too.
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ExtendedTypes {
}
