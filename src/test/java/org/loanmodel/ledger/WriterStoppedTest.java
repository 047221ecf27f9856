package org.loanmodel.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanmodel.ledger.LedgerFixtures.START;
import static org.loanmodel.ledger.LedgerFixtures.join;
import static org.loanmodel.ledger.LedgerFixtures.record;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanmodel.testing.Await;
import org.loanmodel.testing.MutableClock;
import org.loanmodel.training.LoanDataGenerator;

/**
 * A writer that ends on an error no retry recovers from says so: {@link PredictionLog#stopped()},
 * which liveness reports, and the refusal of every later command. A store that merely fails is not
 * stopped.
 */
class WriterStoppedTest {
    @TempDir
    Path dir;

    @Test
    void anErrorInTheWriterStopsTheLogForGoodAndSaysWhy() throws StoreException {
        LedgerSettings settings =
                LedgerSettings.defaults(dir.resolve("log.db").toString()).withCommitMode(CommitMode.SYNC);
        FaultyStore store = new FaultyStore(JdbcPredictionStore.open(settings, LoanDataGenerator.SCHEMA));
        try (PredictionLog log = BatchingWriter.start(store, settings, LedgerListener.NONE, new MutableClock(START))) {
            store.down(true);
            assertThatThrownBy(() -> join(log.append(record("while-down", 1, 1))))
                    .cause()
                    .isExactlyInstanceOf(LogUnavailableException.class);
            assertThat(log.failing()).isTrue();
            assertThat(log.stopped()).isEmpty();
            store.down(false);
            Await.until("store back", Duration.ofSeconds(10), () -> !log.failing());

            store.dieOnNextInsert(new StackOverflowError("deep"));
            // Sync: the caller waits for the commit, and is answered rather than left waiting.
            assertThatThrownBy(() -> log.append(record("fatal", 2, 1))
                            .toCompletableFuture()
                            .orTimeout(30, TimeUnit.SECONDS)
                            .join())
                    .cause()
                    .isExactlyInstanceOf(LogUnavailableException.class)
                    .hasMessage("prediction log writer stopped: java.lang.StackOverflowError: deep");
            assertThat(log.stopped()).contains("prediction log writer stopped: java.lang.StackOverflowError: deep");
            assertThat(log.failing()).isTrue();
            assertThatThrownBy(() -> log.append(record("after", 3, 1)))
                    .isExactlyInstanceOf(LogUnavailableException.class)
                    .hasMessage("prediction log writer stopped: java.lang.StackOverflowError: deep");
        }
    }
}
