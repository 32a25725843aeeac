package io.paddock.example.audit;

import io.paddock.api.processor.CompletedRequest;
import io.paddock.api.processor.RequestExtension;
import io.paddock.api.proto.Id;
import io.paddock.api.proto.OpCode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit trail of committed changes: one line per write that changed the tree, saying when,
 * which txn (zxid), which session and identities, which operation and which paths. Lines go to
 * a file if one is configured, else to the {@code paddock.audit} logger.
 *
 * <p>It runs at the {@code completed} point, which the server calls in zxid order on its applying
 * thread, so the trail is in commit order. Its ranking is low: other extensions run first.
 */
@Component(service = RequestExtension.class, configurationPid = AuditLog.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "service.ranking:Integer=-100")
@Designate(ocd = AuditLog.Config.class)
public final class AuditLog implements RequestExtension {
    static final String PID = "io.paddock.example.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger("paddock.audit");

    @ObjectClassDefinition(name = "Paddock audit log", description = "One line per committed change")
    @interface Config {
        @AttributeDefinition(description = "The file to append lines to; empty for the paddock.audit logger")
        String file() default "";
    }

    private final Clock clock;
    private BufferedWriter out;

    public AuditLog() {
        this(Clock.systemUTC());
    }

    AuditLog(Clock clock) {
        this.clock = clock;
    }

    @Activate
    void activate(Config config) throws IOException {
        if (!config.file().isBlank()) {
            out = Files.newBufferedWriter(Path.of(config.file()), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    @Deactivate
    synchronized void deactivate() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    @Override
    public void completed(CompletedRequest r) {
        if (!r.committed()) {
            return;
        }
        String line = line(Instant.now(clock), r);
        synchronized (this) {
            if (out == null) {
                AUDIT.info(line);
                return;
            }
            try {
                out.write(line);
                out.newLine();
                // Flushed per line: a line in the page cache survives the server process.
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static String line(Instant when, CompletedRequest r) {
        String who = r.authIds().stream().map(AuditLog::id).collect(Collectors.joining(","));
        return when + " zxid=0x" + Long.toHexString(r.zxid()) + " session=0x" + Long.toHexString(r.sessionId())
                + " ids=" + who + " op=" + OpCode.name(r.opCode()) + " paths=" + String.join(",", r.paths());
    }

    private static String id(Id id) {
        return id.scheme() + ":" + id.id();
    }
}
