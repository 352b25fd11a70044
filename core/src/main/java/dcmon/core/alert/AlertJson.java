package dcmon.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Alert events to and from their JSON. */
public final class AlertJson {
    private AlertJson() {}

    /** Evidence numbers are written as doubles ({@code 10.0}), so they read back as doubles. */
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public static String write(AlertEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write alert event " + event.id(), e);
        }
    }

    public static AlertEvent read(String json) throws JsonProcessingException {
        return MAPPER.readValue(json, AlertEvent.class);
    }
}
