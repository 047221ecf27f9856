package org.loanmodel.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import ml.dmlc.xgboost4j.java.Booster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XGBoost's JSON model files read back exactly, and what cannot be served exactly refused. */
class XgboostJsonReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotJsonIsLocatedInTheImportersWords() throws Exception {
        Path file = dir.resolve("passwd");
        Files.writeString(file, "root:x:0:0:root:/root:/bin/bash\n");
        assertThatThrownBy(() -> XgboostJsonReader.read(file))
                .hasMessage(file + " is not an XGBoost JSON model (save it with save_model(\"model.json\")):"
                        + " it is not valid JSON (line 1, column 6)");
    }

    @Test
    void probabilitiesEqualXgboostsOwnOnTwoThousandRows() throws Exception {
        double[][] train = XgboostRows.rows(1, 3000);
        Path file = dir.resolve("model.json");
        Booster booster = XgboostReference.train(train, 60, 5, true, file);
        XgboostModel model = XgboostJsonReader.read(file);

        assertThat(model.featureNames()).isEqualTo(XgboostReference.NAMES);
        assertThat(model.features()).isEqualTo(5);
        assertThat(model.trees()).hasSize(60);
        assertThat(model.xgboostVersion()).isEqualTo("3.4.0");
        double[][] rows = XgboostRows.rows(2, 2000);
        float[] expected = XgboostReference.predict(booster, rows);
        int exact = 0;
        for (int i = 0; i < rows.length; i++) {
            assertThat(model.probability(rows[i]))
                    .as("row " + i)
                    .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-6));
            exact += model.probability(rows[i]) == expected[i] ? 1 : 0;
        }
        System.out.println("imported XGBoost model: " + exact + " of " + rows.length + " probabilities bit-identical");
    }

    @Test
    void modelsSavedByXgboost17ImportAsExactly() throws Exception {
        Path model = dir.resolve("legacy.json");
        Path expected = dir.resolve("legacy-probabilities.txt");
        XgboostReference.trainWithXgboost17(model, expected);
        assertThat(Files.readString(model)).contains("\"version\":[1,7,6]");

        XgboostModel imported = XgboostJsonReader.read(model);
        assertThat(imported.xgboostVersion()).isEqualTo("1.7.6");
        double[][] rows = XgboostRows.rows(2, 1000);
        java.util.List<String> probabilities = Files.readAllLines(expected);
        assertThat(probabilities).hasSize(rows.length);
        for (int i = 0; i < rows.length; i++) {
            assertThat(imported.probability(rows[i]))
                    .as("row " + i)
                    .isCloseTo(Float.parseFloat(probabilities.get(i)), org.assertj.core.api.Assertions.within(1e-6));
        }
    }

    @Test
    void unnamedModelsReadTheirFeaturesByPosition() throws Exception {
        Path file = dir.resolve("unnamed.json");
        XgboostReference.train(XgboostRows.rows(1, 500), 5, 3, false, file);
        assertThat(XgboostJsonReader.read(file).featureNames()).isEmpty();
    }

    @Test
    void whatCannotBeServedExactlyIsRefusedNamingWhatWasFound() throws Exception {
        Path file = dir.resolve("model.json");
        XgboostReference.train(XgboostRows.rows(1, 500), 3, 3, true, file);
        ObjectNode model = (ObjectNode) JSON.readTree(Files.readAllBytes(file));

        ObjectNode objective = (ObjectNode) model.at("/learner/objective");
        objective.put("name", "reg:squarederror");
        assertThatThrownBy(() -> XgboostJsonReader.read(model, "m.json"))
                .hasMessage("XGBoost model m.json has objective 'reg:squarederror'; only binary:logistic is served");
        objective.put("name", "binary:logistic");

        ObjectNode parameters = (ObjectNode) model.at("/learner/learner_model_param");
        parameters.put("num_class", "3");
        assertThatThrownBy(() -> XgboostJsonReader.read(model, "m.json"))
                .hasMessage("XGBoost model m.json has 3 classes or targets; only binary models are served");
        parameters.put("num_class", "0");

        ObjectNode tree = (ObjectNode) model.at("/learner/gradient_booster/model/trees/1");
        var types = tree.putArray("split_type");
        tree.get("left_children").forEach(child -> types.add(1));
        assertThatThrownBy(() -> XgboostJsonReader.read(model, "m.json"))
                .hasMessage("XGBoost model m.json tree 1 has a categorical split; only numeric splits are served");

        ((ObjectNode) model.at("/learner/gradient_booster")).put("name", "gblinear");
        assertThatThrownBy(() -> XgboostJsonReader.read(model, "m.json"))
                .hasMessage("XGBoost model m.json uses booster 'gblinear'; only gbtree is served");

        assertThatThrownBy(() -> XgboostJsonReader.read(JSON.readTree("{\"x\": 1}"), "m.json"))
                .hasMessage("XGBoost model m.json has no 'learner' object; is it a model saved as JSON by XGBoost 1.7"
                        + " or later?");
        assertThatThrownBy(() -> XgboostJsonReader.read(dir.resolve("missing.json")))
                .hasMessage("XGBoost model not found: " + dir.resolve("missing.json") + " (set --xgboost)");
    }
}
