package io.paddock.itests.oracle;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link DifferentialScenarios} class whose scenarios run against an ensemble of
 * {@link #servers()} Apache ZooKeeper 3.9.3 servers and one of as many Paddock servers, in this
 * JVM, each handle connected to its own server of each ({@link ClientSide}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Ensemble {
    int servers() default 3;
}
