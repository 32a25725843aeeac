/**
 * The contract every {@link io.paddock.api.transport.Transport} must honour, as abstract JUnit 5
 * classes: a transport's tests subclass {@link io.paddock.transport.testkit.FramingContract},
 * {@link io.paddock.transport.testkit.ConnectionLifecycleContract},
 * {@link io.paddock.transport.testkit.TransportLifecycleContract} and
 * {@link io.paddock.transport.testkit.RawStreamContract}, and keep only what is
 * particular to that transport for themselves. A plain jar for tests, not a bundle.
 */
package io.paddock.transport.testkit;
