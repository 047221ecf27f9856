package org.loanmodel.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PredictionIdsTest {

    @Test
    void idsAreVersionSevenUuidsCarryingTheMillisecond() {
        Instant now = Instant.parse("2026-11-27T10:15:30.123Z");
        String id = new PredictionIds().next(now.toEpochMilli());
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void idsFromTheSameMillisecondDifferAndLaterOnesSortAfter() {
        PredictionIds generator = new PredictionIds();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(generator.next(1_000_000));
        }
        assertThat(ids).hasSize(100_000);
        String lastEarly = ids.stream().max(String::compareTo).orElseThrow();
        assertThat(generator.next(1_000_001)).isGreaterThan(lastEarly);
    }
}
