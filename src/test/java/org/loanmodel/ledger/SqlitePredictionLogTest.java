package org.loanmodel.ledger;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The prediction log contracts on the default store, an embedded SQLite file. */
class SqlitePredictionLogTest {
    @TempDir
    Path dir;

    private int stores;

    String newFile() {
        return dir.resolve("log-" + ++stores + ".db").toString();
    }

    static List<String> poison() {
        return List.of("CREATE TRIGGER poison BEFORE INSERT ON predictions WHEN NEW.prediction_id = 'poison'"
                + " BEGIN SELECT RAISE(ABORT, 'poisoned row'); END");
    }

    @Nested
    class Store extends PredictionStoreContract {
        @Override
        String newStore() {
            return newFile();
        }

        @Override
        String locationNoun() {
            return "file";
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
            return newFile();
        }

        @Override
        String locationNoun() {
            return "file";
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
            return newFile();
        }

        @Override
        String locationNoun() {
            return "file";
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
            return newFile();
        }

        @Override
        String locationNoun() {
            return "file";
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
            return newFile();
        }

        @Override
        String locationNoun() {
            return "file";
        }

        @Override
        List<String> poisonTrigger() {
            return poison();
        }
    }
}
