package org.loanmodel.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The prediction log contract on the default store, an embedded SQLite file. */
class SqlitePredictionLogTest extends PredictionLogContract {
    @TempDir
    Path dir;

    @Override
    String newStore() {
        return dir.resolve("log.db").toString();
    }
}
