package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertJson;
import dcmon.core.broker.BrokerSample;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The broker's samples → broker_status rows and broker.backlog with the default thresholds of config/alerts.yaml. */
class BrokerBacklogFunctionTest {
    private static final long T0 = at("2026-11-24T23:58:00+08:00");
    private static final long MIN = 60_000;

    private KeyedOneInputStreamOperatorTestHarness<String, BrokerSample, SeriesPoint> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) harness.close();
    }

    private void open(OperatorSubtaskState restore) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new BrokerBacklogFunction(GatewayHealthFunctionTest.alerts())),
                BrokerSample::broker,
                Types.STRING);
        harness.setup();
        if (restore != null) harness.initializeState(restore);
        harness.open();
    }

    private void sample(long at, long backlog) throws Exception {
        harness.processElement(
                new StreamRecord<>(new BrokerSample("mqtt-1", "b1", at, backlog + 60, 60, backlog * 2_000)));
    }

    private List<AlertEvent> events() {
        List<AlertEvent> out = new ArrayList<>();
        for (Object o : harness.getSideOutput(Outputs.ALERTS)) {
            @SuppressWarnings("unchecked")
            AlertMessage m = ((StreamRecord<AlertMessage>) o).getValue();
            try {
                out.add(AlertJson.read(new String(m.json, StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Test
    void aBacklogAcrossMidnightIsOneAlertOfTheDayItBeganRaisedUpdatedAndCleared() throws Exception {
        open(null);
        sample(T0, 5_000); // below every threshold: a row, no alert
        sample(T0 + MIN, 25_000); // watch
        List<AlertEvent> events = new ArrayList<>(events());
        OperatorSubtaskState checkpoint = harness.snapshot(1, T0 + MIN);
        harness.close();
        open(checkpoint); // the alert's state survives a restore
        sample(T0 + 3 * MIN, 120_000); // past midnight: warning, same alert
        sample(T0 + 4 * MIN, 15_000); // back to watch: not past 20,000 by the clear margin of 5,000
        sample(T0 + 5 * MIN, 14_999); // cleared
        events.addAll(events());

        assertThat(events)
                .extracting(e -> e.event().code() + " " + e.severity().code() + " "
                        + e.evidence().get("value") + " " + e.period() + " " + e.seq())
                .containsExactly(
                        "raised watch 25000.0 2026-11-24 1",
                        "updated warning 120000.0 2026-11-24 2",
                        "updated watch 15000.0 2026-11-24 3",
                        "cleared watch 14999.0 2026-11-24 4");
        assertThat(events).extracting(AlertEvent::id).containsOnly(events.get(0).id());
        assertThat(events.get(0).subject().key()).isEqualTo("broker:mqtt-1");
        assertThat(events.get(0).messageEn())
                .isEqualTo("MQTT broker mqtt-1 holds 25000 messages not yet forwarded (about 50 MB of memory;"
                        + " threshold 20000); check the bridges and Kafka");

        List<SeriesPoint> rows = harness.extractOutputValues();
        List<SeriesPoint> status = rows.stream()
                .filter(r -> r.measurement().equals("broker_status"))
                .toList();
        assertThat(status).hasSize(3); // the samples after the restore (the harness keeps its own output)
        assertThat(status.get(0).tags()).isEqualTo(Map.of("broker", "mqtt-1"));
        assertThat(status.get(0).fields())
                .isEqualTo(Map.of(
                        "stored_messages", 120_060L,
                        "retained_messages", 60L,
                        "backlog_messages", 120_000L,
                        "stored_bytes", 240_000_000L,
                        "bridge", "b1"));
        assertThat(rows.stream().filter(r -> r.measurement().equals("alerts")).count())
                .isEqualTo(3);
    }

    @Test
    void aNewDaysBacklogAfterAClearIsANewAlert() throws Exception {
        open(null);
        sample(T0, 25_000);
        sample(T0 + MIN, 0);
        sample(T0 + 3 * MIN, 30_000); // the next day
        List<AlertEvent> events = events();
        assertThat(events)
                .extracting(e -> e.event().code() + " " + e.period() + " " + e.seq())
                .containsExactly("raised 2026-11-24 1", "cleared 2026-11-24 2", "raised 2026-11-25 1");
        assertThat(events.get(2).id()).isNotEqualTo(events.get(0).id());
    }
}
