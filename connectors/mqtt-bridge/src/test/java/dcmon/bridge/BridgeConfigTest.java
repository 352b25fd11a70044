package dcmon.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BridgeConfigTest {

    @Test
    void defaultsSubscribeToTheSharedReadingsFilterAndWriteTheContractTopics() {
        BridgeConfig config = BridgeConfig.builder().build();
        assertThat(config.subscription()).isEqualTo("$share/dcmon/dcmon/v1/+/+/readings");
        assertThat(config.clientId()).isEqualTo("dcmon-bridge-1");
        assertThat(config.rawTopic()).isEqualTo("dcmon.readings.raw");
        assertThat(config.rejectedTopic()).isEqualTo("dcmon.readings.rejected");
        assertThat(config.maxInFlight()).isEqualTo(10_000);
        assertThat(config.sessionExpiry()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void anEmptyShareGroupMeansAPlainSubscription() {
        assertThat(BridgeConfig.builder().shareGroup("").build().subscription()).isEqualTo("dcmon/v1/+/+/readings");
    }

    @Test
    void carriesStatusOnASharedSubscriptionOfItsOwnUnlessTurnedOff() {
        BridgeConfig config = BridgeConfig.builder().build();
        assertThat(config.statusSubscription()).isEqualTo("$share/dcmon/dcmon/v1/+/+/status");
        assertThat(config.statusTopic()).isEqualTo("dcmon.gateway.status");
        assertThat(BridgeConfig.builder().status("", null).build().statusSubscription())
                .isNull();
        assertThatThrownBy(() -> BridgeConfig.builder()
                        .status("dcmon/v1/+/+/status", "dcmon.readings.raw")
                        .build())
                .hasMessageContaining("statusTopic must differ");
    }

    @Test
    void rejectsUnusableOptionsNamingTheOption() {
        assertThatThrownBy(() -> BridgeConfig.builder().maxInFlight(0).build()).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> BridgeConfig.builder().maxInFlight(65_536).build())
                .hasMessageContaining("maxInFlight");
        assertThatThrownBy(
                        () -> BridgeConfig.builder().mqttUrl("localhost:1883").build())
                .hasMessageContaining("mqttUrl");
        assertThatThrownBy(() -> BridgeConfig.builder().clientId(" ").build()).hasMessageContaining("clientId");
        assertThatThrownBy(() -> BridgeConfig.builder().shareGroup("a/b").build())
                .hasMessageContaining("shareGroup");
        assertThatThrownBy(
                        () -> BridgeConfig.builder().credentials(null, "secret").build())
                .hasMessageContaining("user name");
        assertThatThrownBy(() -> BridgeConfig.builder()
                        .rejectedTopic("dcmon.readings.raw")
                        .build())
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> BridgeConfig.builder().compression("brotli").build())
                .hasMessageContaining("compression");
        assertThatThrownBy(() ->
                        BridgeConfig.builder().deliveryTimeout(Duration.ZERO).build())
                .hasMessageContaining("deliveryTimeout");
        assertThatThrownBy(() -> BridgeConfig.builder()
                        .reconnectDelay(Duration.ofSeconds(5), Duration.ofSeconds(1))
                        .build())
                .hasMessageContaining("reconnectDelayMax");
        assertThatThrownBy(() ->
                        BridgeConfig.builder().producerProperty("acks", "1").build())
                .hasMessageContaining("acks")
                .hasMessageContaining("cannot be overridden");
    }

    @Test
    void neverPrintsThePassword() {
        BridgeConfig config =
                BridgeConfig.builder().credentials("dcmon-bridge", "s3cret").build();
        assertThat(config.toString()).contains("dcmon-bridge").doesNotContain("s3cret");
    }

    @Test
    void producerAcknowledgesOnlyWhenAllReplicasHaveTheRecordAndNeverWritesTwice() {
        BridgeConfig config = BridgeConfig.builder()
                .deliveryTimeout(Duration.ofSeconds(3))
                .lingerMs(20)
                .producerProperty("security.protocol", "SSL")
                .build();
        Properties props = new MqttKafkaBridge(config).producerProperties();
        assertThat(props.get("acks")).isEqualTo("all");
        assertThat(props.get("enable.idempotence")).isEqualTo(true);
        assertThat(props.get("security.protocol")).isEqualTo("SSL");
        assertThat(props.get("delivery.timeout.ms")).isEqualTo(3000);
        // Kafka refuses a delivery timeout below linger + request timeout.
        assertThat((int) props.get("request.timeout.ms") + 20).isLessThanOrEqualTo(3000);
    }

    @Test
    void recordsWaitTwentyMillisecondsToShareAProduceRequest() {
        assertThat(new MqttKafkaBridge(BridgeConfig.builder().build())
                        .producerProperties()
                        .get("linger.ms"))
                .isEqualTo(20);
    }

    @Test
    void toBuilderKeepsEverythingButWhatIsChanged() {
        BridgeConfig one = BridgeConfig.builder()
                .clientId("bridge-a")
                .maxInFlight(500)
                .producerProperty("linger.ms", "7")
                .build();
        BridgeConfig two = one.toBuilder().clientId("bridge-b").build();
        assertThat(two.clientId()).isEqualTo("bridge-b");
        assertThat(two.maxInFlight()).isEqualTo(500);
        assertThat(two.producerOverrides()).containsEntry("linger.ms", "7");
    }

    @Test
    void brokerSamplesAreOffByDefaultAndNameTheBrokerByItsHost() {
        BridgeConfig plain = BridgeConfig.builder().build();
        assertThat(plain.samplesBroker()).isFalse();
        assertThat(plain.brokerName()).isEqualTo("127.0.0.1");
        BridgeConfig on = BridgeConfig.builder()
                .mqttUrl("ssl://[::1]:8883")
                .brokerSamples("dcmon.broker.status", null, Duration.ofSeconds(10))
                .build();
        assertThat(on.samplesBroker()).isTrue();
        assertThat(on.brokerName()).isEqualTo("::1");
        assertThat(on.toString()).contains("brokerTopic=dcmon.broker.status, brokerName=::1");
        assertThatThrownBy(() -> BridgeConfig.builder()
                        .brokerSamples("dcmon.broker.status", "mqtt 1", Duration.ofSeconds(10))
                        .build())
                .hasMessage("brokerName must be 1 to 64 letters, digits or . _ : -, was 'mqtt 1'");
        assertThatThrownBy(() -> BridgeConfig.builder()
                        .brokerSamples("dcmon.readings.raw", null, Duration.ofSeconds(10))
                        .build())
                .hasMessageContaining("brokerTopic must differ");
        assertThatThrownBy(() -> BridgeConfig.builder()
                        .brokerSamples("dcmon.broker.status", null, Duration.ZERO)
                        .build())
                .hasMessageContaining("brokerInterval");
    }
}
