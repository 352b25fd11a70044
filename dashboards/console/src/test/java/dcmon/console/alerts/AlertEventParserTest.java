package dcmon.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The console takes the job's broker.backlog events, whose subject is an MQTT broker, not a unit or region. */
class AlertEventParserTest {
    static final String BROKER_EVENT = """
            {"schema":"dcmon.alert/1","id":"0123456789abcdef0123456789abcdef","seq":1,"event":"raised",\
            "rule":"broker.backlog","subject":{"level":"broker","code":"mqtt-1","enterprise":null,"city":null,\
            "tier":null,"gateway":null,"point":null},"period":"2026-12-03","severity":"watch","colour":"yellow",\
            "state":"active","first_seen":"2026-12-03T10:15:00+08:00","last_changed":"2026-12-03T10:15:00+08:00",\
            "evidence":{"value":25000.0,"threshold":20000.0,"unit":"count","period":"2026-12-03","stored_mb":50.0},\
            "message_zh":"MQTT 服务器 mqtt-1 积压 25000 条消息未转发","message_en":"MQTT broker mqtt-1 holds 25000 messages"}""";

    @Test
    void aBrokerAlertIsAcceptedWithNoUnitOrCity() throws Exception {
        AlertEvent e = AlertEventParser.parse(BROKER_EVENT);
        assertThat(e.rule()).isEqualTo("broker.backlog");
        assertThat(e.level()).isEqualTo("broker");
        assertThat(e.code()).isEqualTo("mqtt-1");
        assertThat(e.enterprise()).isNull();
        assertThat(e.city()).isNull();
    }

    @Test
    void anUnknownLevelIsStillRefused() {
        String kafka = BROKER_EVENT.replace("\"level\":\"broker\"", "\"level\":\"kafka\"");
        assertThatThrownBy(() -> AlertEventParser.parse(kafka))
                .isInstanceOf(AlertEventParser.MalformedAlertException.class)
                .hasMessageStartingWith("level is not one of");
    }
}
