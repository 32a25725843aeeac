package io.paddock.itests.felix;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.BundleContext;

/** Runs a command as an operator at the Gogo shell would. */
final class Gogo {
    private Gogo() {
    }

    /** What the command printed and returned. */
    static String run(BundleContext context, String command) throws Exception {
        CommandProcessor processor = context.getService(context.getServiceReference(CommandProcessor.class));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object result = session.execute(command);
            return printed.toString(StandardCharsets.UTF_8) + (result == null ? "" : result);
        }
    }

    /** The same, with a failure as its text: for polling. */
    static String quietly(BundleContext context, String command) {
        try {
            return run(context, command);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
