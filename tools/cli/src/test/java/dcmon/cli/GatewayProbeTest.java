package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.registry.Registry;
import dcmon.monitoring.LocalJob;
import dcmon.simulator.GatewaySender;
import dcmon.simulator.MqttPublisher;
import dcmon.simulator.ReadingFile;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The probe over the real stack: what an integrator sees when a gateway sends good and bad readings. */
class GatewayProbeTest extends EndToEndTestBase {
    static final String STEEL = "91420112MA4ALXWN9U";

    private static ReadingFile.Entry reading(String point, long ts, double value) {
        String text = GatewayProbe.MINUTE.format(Instant.ofEpochMilli(ts)).replace(' ', 'T') + ":00+08:00";
        return new ReadingFile.Entry(STEEL, "GW01", point, text, ts, value, null, "test");
    }

    @Test
    void showsConnectionPointsAcceptedReadingsWithTheirQuarterHourAndRejectionsWithAFix() throws Exception {
        Registry registry = EndToEnd.REGISTRY_MODEL.registry();
        long t1 = ShanghaiCalendar.quarterStart(System.currentTimeMillis()) - 30 * 60_000L;
        long t2 = t1 + ShanghaiCalendar.QUARTER_MS;
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (MqttKafkaBridge bridge = e2e.startBridge("probe-bridge");
                LocalJob job = e2e.startJob();
                MqttPublisher gateway = new MqttPublisher(e2e.stack.mosquitto.url(), "probe-gw", null, null, 100)) {
            gateway.connect();
            gateway.publish(
                    Topics.statusTopic(STEEL, "GW01"), "{\"state\":\"online\"}".getBytes(StandardCharsets.UTF_8), true);
            gateway.flush(10_000);
            EndToEnd.await(
                    "the status message in Kafka",
                    Duration.ofSeconds(30),
                    () -> bridge.metrics().acknowledged() == 1);

            GatewayProbe probe = new GatewayProbe(
                    e2e.stack.kafka.bootstrapServers(),
                    e2e.stack.kafka.clientProperties(),
                    e2e.stack.influxd.url(),
                    e2e.options.influxDatabase(),
                    registry,
                    STEEL,
                    "GW01",
                    8_000,
                    lines::add,
                    Clock.systemUTC());
            Thread running = new Thread(() -> probe.run(stop::get));
            running.start();
            EndToEnd.await(
                    "the probe following",
                    Duration.ofSeconds(30),
                    () -> lines.stream().anyMatch(l -> l.startsWith("following ")));

            GatewaySender.publish(
                    gateway,
                    List.of(
                            reading("E-MAIN-01", t1, 1000),
                            reading("E-MAIN-03", t1, 5),
                            reading("E-MAIN-01", t2, 1100)),
                    500,
                    7);
            try {
                EndToEnd.await(
                        "three readings settled",
                        Duration.ofSeconds(60),
                        () -> lines.stream().filter(l -> l.contains(" → ")).count() == 3);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; the probe showed:\n" + String.join("\n", lines), e);
            }
            stop.set(true);
            running.join(10_000);
        }
        String q0 = GatewayProbe.CLOCK_TIME
                .format(Instant.ofEpochMilli(t1 - ShanghaiCalendar.QUARTER_MS))
                .substring(0, 5);
        String q1 = GatewayProbe.CLOCK_TIME.format(Instant.ofEpochMilli(t1)).substring(0, 5);
        String q2 = GatewayProbe.CLOCK_TIME.format(Instant.ofEpochMilli(t2)).substring(0, 5);
        List<String> shown = lines.stream()
                .map(l -> l.matches("\\d\\d:\\d\\d:\\d\\d .*") ? l.substring(9) : l)
                .toList();
        assertThat(shown.get(0)).isEqualTo("dcmon gateway probe — 武汉楚钢钢铁有限公司 (" + STEEL + ") gateway GW01");
        assertThat(shown.get(1)).startsWith("connection: online (在线) at ");
        assertThat(shown)
                .contains(
                        "points of GW01 (测点):",
                        String.format(
                                "  %-14s %-32s %s", "E-MAIN-01", "electricity kWh, cumulative", "no data yet (尚无数据)"),
                        "message seq=7: 3 reading(s)",
                        "  E-MAIN-03 " + reading("E-MAIN-03", t1, 5).ts()
                                + " 5 → rejected unknown_point: point E-MAIN-03 is"
                                + " not registered for this unit; registered: COKE-01, E-MAIN-01, STEEL-OUT",
                        "  E-MAIN-01 " + GatewayProbe.MINUTE.format(Instant.ofEpochMilli(t1))
                                + " 1000 → accepted (已接收);" + " quarter hour " + q0 + "–" + q1
                                + " not in InfluxDB yet (a first reading only sets the start)",
                        "  E-MAIN-01 " + GatewayProbe.MINUTE.format(Instant.ofEpochMilli(t2))
                                + " 1100 → accepted (已接收);" + " quarter hour " + q1 + "–" + q2
                                + " now 100 kWh = 0.01229 tce");
    }
}
