package dcmon.console.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** One record of {@code dcmon.alerts} (schema {@code dcmon.alert/1}), validated. */
public record AlertEvent(
        String id,
        long seq,
        String event,
        String rule,
        String level,
        String code,
        String enterprise,
        String city,
        String tier,
        String gateway,
        String point,
        String period,
        String severity,
        String colour,
        String state,
        OffsetDateTime firstSeen,
        OffsetDateTime lastChanged,
        JsonNode evidence,
        String messageZh,
        String messageEn,
        JsonNode payload) {}
