package org.loanmodel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
    @Test
    void writesOneObjectInExactlyItsBytes() {
        byte[] body = Json.object(json -> {
            json.writeStringField("status", "ok");
            json.writeNumberField("probability", 0.25);
        });

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"ok\",\"probability\":0.25}");
        assertThat(body).hasSize(34);
    }

    /**
     * Objects longer than the generator's own buffer reach the output in several writes; each
     * length here crosses it a different number of times, and every byte must arrive in order.
     */
    @ParameterizedTest
    @ValueSource(ints = {7_990, 8_000, 8_010, 16_500, 100_000})
    void objectsLongerThanOneWriteArriveWhole(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + i % 26));
        }

        byte[] body = Json.object(json -> json.writeStringField("text", text.toString()));

        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"" + text + "\"}");
    }

    @Test
    void anEmptyObjectIsTwoBytes() {
        assertThat(new String(Json.object(json -> {}), StandardCharsets.UTF_8)).isEqualTo("{}");
    }
}
