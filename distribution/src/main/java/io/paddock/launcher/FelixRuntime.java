package io.paddock.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * One OSGi framework (Felix, found through {@link FrameworkFactory}) with a fixed set of
 * bundles: installed fresh on every start, logging first, everything else one level later.
 */
final class FelixRuntime {

    /**
     * slf4j-api and slf4j-simple start here, before any bundle that logs: slf4j 2 looks for
     * its provider once, at the first getLogger, and if SPI Fly has not registered
     * slf4j-simple by then it falls back to a no-op logger for the rest of the run.
     */
    static final int LOGGING_START_LEVEL = 1;
    /** Every other bundle, including those FileInstall installs from deploy/. */
    static final int BUNDLE_START_LEVEL = 2;

    /** The service property that marks the launcher's fatal-error {@link Consumer}. */
    static final String FATAL_PROPERTY = "paddock.fatal";

    private final Framework framework;

    private FelixRuntime(Framework framework) {
        this.framework = framework;
    }

    /** A framework (not yet started) with these launch properties. */
    static FelixRuntime create(Map<String, String> properties) {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class, FelixRuntime.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        return new FelixRuntime(factory.newFramework(properties));
    }

    /**
     * Initialises the framework, registers {@code fatal} as the {@code paddock.fatal} service,
     * installs the bundles, marks all but fragments for start, and starts the framework.
     * Returns at once; the start levels are climbed on the framework's own thread, after
     * which {@code started} is called (on the framework's event thread) with the installed
     * bundles.
     */
    void start(List<Path> bundles, Consumer<String> fatal, Consumer<List<Bundle>> started)
            throws BundleException {
        framework.init();
        BundleContext system = framework.getBundleContext();

        Dictionary<String, Object> props = new Hashtable<>();
        props.put(FATAL_PROPERTY, Boolean.TRUE);
        props.put(Constants.SERVICE_DESCRIPTION, "Paddock launcher: stops the process on a fatal error");
        system.registerService(Consumer.class, fatal, props);

        List<Bundle> installed = new ArrayList<>();
        for (Path jar : bundles) {
            Bundle bundle = system.installBundle(jar.toUri().toString());
            String name = bundle.getSymbolicName();
            bundle.adapt(BundleStartLevel.class).setStartLevel(
                    name != null && name.startsWith("slf4j.") ? LOGGING_START_LEVEL : BUNDLE_START_LEVEL);
            installed.add(bundle);
        }
        for (Bundle bundle : installed) {
            if (!isFragment(bundle)) {
                bundle.start();
            }
        }

        List<Bundle> all = List.copyOf(installed);
        system.addFrameworkListener(new FrameworkListener() {
            @Override
            public void frameworkEvent(FrameworkEvent event) {
                if (event.getType() == FrameworkEvent.STARTED) {
                    system.removeFrameworkListener(this);
                    started.accept(all);
                }
            }
        });
        framework.start();
    }

    /** Those of {@code bundles} that are neither active nor fragments. */
    static List<Bundle> inactive(List<Bundle> bundles) {
        return bundles.stream().filter(b -> b.getState() != Bundle.ACTIVE && !isFragment(b)).toList();
    }

    /** All bundles of the framework, the system bundle first. */
    List<Bundle> bundles() {
        BundleContext context = framework.getBundleContext();
        return context == null ? List.of() : List.of(context.getBundles());
    }

    /** Blocks until the framework has stopped, for whatever reason. */
    FrameworkEvent waitForStop() throws InterruptedException {
        return framework.waitForStop(0);
    }

    /** Asks the framework to stop; returns at once. */
    void stopAsync() {
        try {
            framework.stop();
        } catch (BundleException e) {
            throw new IllegalStateException("cannot stop the OSGi framework", e);
        }
    }

    /** Stops the framework and waits for it; false if it was still stopping after {@code timeout}. */
    boolean stop(Duration timeout) throws InterruptedException {
        int state = framework.getState();
        if (state != Bundle.STARTING && state != Bundle.ACTIVE && state != Bundle.STOPPING) {
            return true;
        }
        stopAsync();
        FrameworkEvent event = framework.waitForStop(Math.max(1, timeout.toMillis()));
        return event.getType() != FrameworkEvent.WAIT_TIMEDOUT;
    }

    /** The symbolic name in a jar's manifest, or null if it is not a bundle. */
    static String symbolicName(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String value = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            return value == null ? null : value.split(";", 2)[0].trim();
        }
    }

    static String stateName(Bundle bundle) {
        return switch (bundle.getState()) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> isFragment(bundle) ? "RESOLVED (fragment)" : "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "state " + bundle.getState();
        };
    }

    static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }
}
