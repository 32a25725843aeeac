/**
 * Contract tests for storage backends. A backend's test module depends on this jar (test scope)
 * and subclasses each contract:
 *
 * <pre>{@code
 * class RocksTxnLogContractTest extends TxnLogContract {
 *     protected StorageBackend backend() {
 *         return new RocksStorageBackend();
 *     }
 * }
 * }</pre>
 *
 * The backend must have a public no-arg constructor ({@link io.paddock.storage.testkit.CrashContract}
 * opens it by class name in a child JVM), and must accept the {@link
 * io.paddock.api.storage.StorageOptions} of {@link io.paddock.storage.testkit.StorageContract#options()},
 * which a subclass may override (the crash writer receives the same options).
 */
package io.paddock.storage.testkit;
