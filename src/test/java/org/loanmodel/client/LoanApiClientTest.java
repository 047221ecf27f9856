package org.loanmodel.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.loanmodel.model.LoanApplication;
import org.loanmodel.training.LoanDataGenerator;

class LoanApiClientTest {

    @Test
    void metricsUrlDefaultsToPort8001OnTheSameHost() {
        assertThat(LoanApiClient.defaultMetricsUrl(URI.create("http://localhost:5000")))
                .isEqualTo(URI.create("http://localhost:8001/metrics"));
        assertThat(LoanApiClient.defaultMetricsUrl(URI.create("https://loans.example:443/api/")))
                .isEqualTo(URI.create("https://loans.example:8001/metrics"));
    }

    @Test
    void acceptsOnlyHttpUrlsWithAHost() {
        assertThat(LoanApiClient.parseUrl(" http://127.0.0.1:5000 ", "--url"))
                .isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThatThrownBy(() -> LoanApiClient.parseUrl("ftp://host/x", "--url"))
                .hasMessage("--url must be an http URL like http://localhost:5000, got 'ftp://host/x'");
        assertThatThrownBy(() -> LoanApiClient.parseUrl("http://bad host", "--metrics-url"))
                .hasMessage("--metrics-url must be an http URL like http://localhost:5000, got 'http://bad host'"
                        + " (Illegal character in authority)");
    }

    @Test
    void writesWholeNumbersWithoutAFraction() {
        LoanApplication application = LoanDataGenerator.loan(35, 75000.5, 25000, 36, 720, 1, 2);

        assertThat(LoanApiClient.applicationJson(application))
                .isEqualTo("{\"age\":35,\"income\":75000.5,\"loan_amount\":25000,\"loan_term\":36,"
                        + "\"credit_score\":720,\"employment_status\":1,\"loan_purpose\":2}");
        assertThat(LoanApiClient.feedbackJson("id-1", 0))
                .isEqualTo("{\"prediction_id\":\"id-1\",\"actual_outcome\":0}");
    }
}
