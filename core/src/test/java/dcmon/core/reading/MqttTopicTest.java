package dcmon.core.reading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MqttTopicTest {

    @Test
    void parsesReadingsAndStatusTopicsEachOnlyInTheirOwnShape() {
        assertThat(MqttTopic.parseReadings("dcmon/v1/91420100MA4K0000XX/GW01/readings"))
                .isEqualTo(new MqttTopic("91420100MA4K0000XX", "GW01"));
        assertThat(MqttTopic.parseStatus("dcmon/v1/91420100MA4K0000XX/GW01/status"))
                .isEqualTo(new MqttTopic("91420100MA4K0000XX", "GW01"));
        assertThat(MqttTopic.parseReadings("dcmon/v1/91420100MA4K0000XX/GW01/status"))
                .isNull();
        assertThat(MqttTopic.parseStatus("dcmon/v1/91420100MA4K0000XX/GW01/readings"))
                .isNull();
    }

    @Test
    void refusesTopicsWithoutExactlyAnEnterpriseAndAGateway() {
        assertThat(MqttTopic.parseStatus("dcmon/v1/E/status")).isNull();
        assertThat(MqttTopic.parseStatus("dcmon/v1//GW01/status")).isNull();
        assertThat(MqttTopic.parseStatus("dcmon/v1/E/GW01/x/status")).isNull();
        assertThat(MqttTopic.parseReadings("dcmon/v2/E/GW01/readings")).isNull();
        assertThat(MqttTopic.parseReadings(null)).isNull();
    }
}
