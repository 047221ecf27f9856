package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Decision;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.PostgresServer;
import org.loanmodel.training.LoanDataGenerator;

/** The prediction log contract on a real PostgreSQL server, the store replicas share. */
class PostgresPredictionLogTest extends PredictionLogContract {
    private static PostgresServer server;

    @BeforeAll
    static void startPostgres() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    String newStore() {
        return server.newDatabase();
    }

    @Test
    void decisionsAcknowledgedWhileTheServerIsDownAreStoredOnceItIsBack() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        String url = server.newDatabase();
        try (JdbcPredictionLog log = JdbcPredictionLog.open(
                LedgerSettings.defaults(url),
                LoanDataGenerator.SCHEMA,
                new LedgerListener() {
                    @Override
                    public void writeFailed(int commands) {
                        failures.incrementAndGet();
                    }
                },
                Clock.systemUTC())) {
            server.stop();
            log.append(new PredictionRecord(
                    new Decision("during-outage", System.currentTimeMillis(), "0123456789ab", 0.5, 1),
                    LoanDataGenerator.loan(35, 75000, 25000, 36, 720, 1, 1)));
            Await.until("a failed write", Duration.ofSeconds(20), () -> failures.get() > 0);
            server.restart();
            Await.until("the log to recover", Duration.ofSeconds(30), () -> !log.failing());
            assertThat(log.find("during-outage").toCompletableFuture().join()).isPresent();
        }
    }
}
