package org.loanmodel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.loanmodel.model.LoanModel;
import org.loanmodel.model.ModelArtifact;
import org.loanmodel.testing.NineFeatures;
import org.loanmodel.training.LoanDataGenerator;

class ServedModelTest {

    @Test
    void readsTheBuiltInModelsDescriptionAsTheSeedSchema() {
        LoanModel model = ModelArtifact.loadDefault();

        ServedModel served = ServedModel.parse(ModelArtifact.metadataJson(model));

        assertThat(served.version()).isEqualTo(model.version());
        assertThat(served.schema()).isEqualTo(LoanDataGenerator.SCHEMA);
        assertThat(served.reference()).isEqualTo(model.metadata().reference());
        assertThat(served.hasSeedSchema()).isTrue();
    }

    @Test
    void readsAnotherSchemaWithItsCategoriesAndOptionalFeatures() {
        LoanModel model = NineFeatures.model();

        ServedModel served = ServedModel.parse(ModelArtifact.metadataJson(model));

        assertThat(served.schema()).isEqualTo(NineFeatures.SCHEMA);
        assertThat(served.schema()
                        .feature(NineFeatures.SCHEMA.indexOf("collateral"))
                        .optional())
                .isTrue();
        assertThat(served.reference()).isEqualTo(model.metadata().reference());
        assertThat(served.hasSeedSchema()).isFalse();
    }

    @Test
    void refusesAnswersThatDoNotDescribeAModel() {
        assertThatThrownBy(() -> ServedModel.parse("<html>")).hasMessageStartingWith("GET /model answer is not JSON: ");
        assertThatThrownBy(() -> ServedModel.parse("{\"version\": \"x\"}"))
                .hasMessage("GET /model answer lacks schema.features or reference");
        String duplicate = "{\"version\": \"x\", \"reference\": {}, \"schema\": {\"features\": ["
                + "{\"name\": \"a\", \"kind\": \"NUMBER\", \"min\": 0, \"max\": 1},"
                + "{\"name\": \"a\", \"kind\": \"NUMBER\", \"min\": 0, \"max\": 1}]}}";
        assertThatThrownBy(() -> ServedModel.parse(duplicate))
                .hasMessage("GET /model answer has an invalid schema or reference: feature names must be unique");
    }
}
