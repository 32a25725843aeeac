package io.paddock.example.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paddock.api.proto.Code;
import io.paddock.api.proto.OpCode;
import io.paddock.api.testkit.FakeRequest;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path dir;

    private static AuditLog.Config fileConfig(Path file) {
        return new AuditLog.Config() {
            @Override
            public String file() {
                return file.toString();
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return AuditLog.Config.class;
            }
        };
    }

    @Test
    void committedChangesBecomeOneLineEachAndTheRestNone() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLog audit = new AuditLog(Clock.fixed(NOW, ZoneOffset.UTC));
        audit.activate(fileConfig(file));
        audit.completed(FakeRequest.of(0x100000001L, OpCode.CREATE, "/app/a", 0x2a));
        audit.completed(FakeRequest.of(0x100000001L, OpCode.CREATE, "/app/a", 0x2b).failed(Code.NODEEXISTS));
        audit.completed(FakeRequest.of(0x100000002L, OpCode.DELETE, "/app/a", 0x2c));
        audit.deactivate();

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).containsExactly(
                "2026-11-23T08:00:00Z zxid=0x2a session=0x100000001 ids=ip:127.0.0.1 op=create paths=/app/a",
                "2026-11-23T08:00:00Z zxid=0x2c session=0x100000002 ids=ip:127.0.0.1 op=delete paths=/app/a");
    }

    @Test
    void aRestartedAuditLogAppends() throws Exception {
        Path file = dir.resolve("audit.log");
        for (long zxid = 1; zxid <= 2; zxid++) {
            AuditLog audit = new AuditLog(Clock.fixed(NOW, ZoneOffset.UTC));
            audit.activate(fileConfig(file));
            audit.completed(FakeRequest.of(1, OpCode.SET_DATA, "/x", zxid));
            audit.deactivate();
        }
        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(2);
    }
}
