package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.Decision;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.PostgresServer;
import org.loanmodel.training.LoanDataGenerator;

/** The prediction log contracts on a real PostgreSQL server, the store replicas share. */
class PostgresPredictionLogTest {
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

    static List<String> poison() {
        return List.of(
                "CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.prediction_id = 'poison' THEN"
                        + " RAISE EXCEPTION 'poisoned row' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$"
                        + " LANGUAGE plpgsql",
                "CREATE TRIGGER poison BEFORE INSERT ON predictions FOR EACH ROW EXECUTE FUNCTION poison()");
    }

    @Nested
    class Store extends PredictionStoreContract {
        @Override
        String newStore() {
            return server.newDatabase();
        }

        @Override
        String locationNoun() {
            return "database";
        }

        @Override
        List<String> poisonTrigger() {
            return poison();
        }
    }

    @Nested
    class Reasons extends ReasonsStoreContract {
        @Override
        String newStore() {
            return server.newDatabase();
        }

        @Override
        String locationNoun() {
            return "database";
        }

        @Override
        List<String> poisonTrigger() {
            return poison();
        }
    }

    @Nested
    class Migrations extends SchemaMigrationContract {
        @Override
        String newStore() {
            return server.newDatabase();
        }

        @Override
        String locationNoun() {
            return "database";
        }

        @Override
        List<String> poisonTrigger() {
            return poison();
        }
    }

    @Nested
    class Review extends ReviewStoreContract {
        @Override
        String newStore() {
            return server.newDatabase();
        }

        @Override
        String locationNoun() {
            return "database";
        }

        @Override
        List<String> poisonTrigger() {
            return poison();
        }
    }

    @Nested
    class Writer extends BatchingWriterContract {
        @Override
        String newStore() {
            return server.newDatabase();
        }

        @Override
        String locationNoun() {
            return "database";
        }

        @Override
        List<String> poisonTrigger() {
            return poison();
        }
    }

    @Test
    void decisionsAcknowledgedWhileTheServerIsDownAreStoredOnceItIsBack() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        String url = server.newDatabase();
        try (PredictionLog log = JdbcPredictionLog.open(
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
            Await.until(
                    "the log to recover",
                    Duration.ofSeconds(30),
                    () -> !log.backlog().failing());
            assertThat(log.find("during-outage").toCompletableFuture().join()).isPresent();
        }
    }
}
