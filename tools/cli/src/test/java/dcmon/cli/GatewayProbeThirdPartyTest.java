package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.bridge.MqttKafkaBridge;
import dcmon.core.Topics;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.monitoring.LocalJob;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The probe watching a gateway that is not ours: mosquitto_pub sends readings, and a mosquitto_pub holding a
 * Last Will, which published the retained birth message, is killed, as the integration guide tells an integrator.
 */
class GatewayProbeThirdPartyTest extends EndToEndTestBase {
    static final String STEEL = "91420112MA4ALXWN9U";

    private static String ts(long ms) {
        return GatewayProbe.MINUTE.format(Instant.ofEpochMilli(ms)).replace(' ', 'T') + ":00+08:00";
    }

    private static void mosquittoPub(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "mosquitto_pub",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(e2e.stack.mosquitto.port()),
                "-V",
                "mqttv5",
                "-q",
                "1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("mosquitto_pub %s: %s", command, output).isZero();
    }

    @Test
    void showsEachReadingOfAThirdPartyClientWithItsVerdictAndTheLastWillAsOffline() throws Exception {
        long t1 = ShanghaiCalendar.quarterStart(System.currentTimeMillis()) - 60 * 60_000L;
        long t2 = t1 + ShanghaiCalendar.QUARTER_MS;
        long t3 = t2 + ShanghaiCalendar.QUARTER_MS;
        String status = Topics.statusTopic(STEEL, "GW01");
        String readings = Topics.readingsTopic(STEEL, "GW01");
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Process will = null;
        try (MqttKafkaBridge bridge = e2e.startBridge("probe-3p-bridge");
                LocalJob job = e2e.startJob()) {
            // As the guide shows: one connection holding the Last Will publishes the retained birth message
            will = new ProcessBuilder(
                            "mosquitto_pub",
                            "-h",
                            "127.0.0.1",
                            "-p",
                            Integer.toString(e2e.stack.mosquitto.port()),
                            "-V",
                            "mqttv5",
                            "-q",
                            "1",
                            "-i",
                            STEEL + "-GW01",
                            "-r",
                            "-t",
                            status,
                            "-l",
                            "--will-topic",
                            status,
                            "--will-payload",
                            "{\"state\":\"offline\"}",
                            "--will-retain",
                            "--will-qos",
                            "1")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("will.log").toFile())
                    .start();
            will.getOutputStream().write("{\"state\":\"online\"}\n".getBytes(StandardCharsets.UTF_8));
            will.getOutputStream().flush();
            EndToEnd.await(
                    "the birth message in Kafka",
                    Duration.ofSeconds(30),
                    () -> bridge.metrics().acknowledged() == 1);

            GatewayProbe probe = new GatewayProbe(
                    e2e.stack.kafka.bootstrapServers(),
                    e2e.stack.kafka.clientProperties(),
                    e2e.stack.influxd.url(),
                    e2e.options.influxDatabase(),
                    EndToEnd.REGISTRY_MODEL.registry(),
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

            mosquittoPub(
                    "-t",
                    readings,
                    "-m",
                    "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"seq\":21,"
                            + "\"readings\":[{\"point\":\"E-MAIN-01\",\"ts\":\"" + ts(t1) + "\",\"value\":48213377.25},"
                            + "{\"point\":\"E-MAIN-03\",\"ts\":\"" + ts(t1) + "\",\"value\":5},"
                            + "{\"point\":\"STEEL-OUT\",\"ts\":\"" + ts(t1).replace("+08:00", "") + "\",\"value\":10},"
                            + "{\"point\":\"E-MAIN-01\",\"ts\":\"" + ts(t2) + "\",\"value\":48213497.25}]}");
            // seq is optional: two messages without one, the second rejected whole, must not hide the first
            String noSeq = "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"%s\",\"readings\":[{\"point\":"
                    + "\"E-MAIN-01\",\"ts\":\"" + ts(t3) + "\",\"value\":%s}]}";
            mosquittoPub("-t", readings, "-m", String.format(noSeq, "GW01", "48213627.25"));
            mosquittoPub("-t", readings, "-m", String.format(noSeq, "GW02", "48213700"));
            try {
                EndToEnd.await(
                        "six verdicts shown",
                        Duration.ofSeconds(60),
                        () -> lines.stream().filter(l -> l.contains(" → ")).count() == 6);
                will.destroyForcibly(); // SIGKILL: no DISCONNECT, so the broker publishes the Will
                will.waitFor(10, TimeUnit.SECONDS);
                EndToEnd.await(
                        "the Last Will shown",
                        Duration.ofSeconds(30),
                        () -> lines.stream().anyMatch(l -> l.contains("connection: offline (离线) at ")));
            } catch (AssertionError e) {
                StringBuilder debug = new StringBuilder();
                for (var r : e2e.readAll(Topics.READINGS_RAW))
                    debug.append("RAW ")
                            .append(new String(r.headers()
                                    .lastHeader(Topics.HEADER_RECEIVED_AT)
                                    .value()))
                            .append(' ')
                            .append(new String(r.value(), StandardCharsets.UTF_8))
                            .append('\n');
                for (var r : e2e.readAll(Topics.READINGS_REJECTED))
                    debug.append("REJ ")
                            .append(new String(r.value(), StandardCharsets.UTF_8))
                            .append('\n');
                throw new AssertionError(
                        e.getMessage() + "; the probe showed:\n" + String.join("\n", lines) + "\n" + debug, e);
            }
            stop.set(true);
            running.join(10_000);
        } finally {
            if (will != null) will.destroyForcibly();
        }
        String q0 = clock(t1 - ShanghaiCalendar.QUARTER_MS);
        String q1 = clock(t1);
        String q2 = clock(t2);
        String q3 = clock(t3);
        List<String> shown = lines.stream()
                .map(l -> l.matches("\\d\\d:\\d\\d:\\d\\d .*") ? l.substring(9) : l)
                .toList();
        assertThat(shown.get(1)).startsWith("connection: online (在线) at ");
        assertThat(shown)
                .contains(
                        "message seq=21: 4 reading(s)",
                        "message seq=-1: 1 reading(s)",
                        "  E-MAIN-03 " + ts(t1) + " 5 → rejected unknown_point: point E-MAIN-03 is"
                                + " not registered for this unit; registered: COKE-01, E-MAIN-01, STEEL-OUT",
                        "  STEEL-OUT  10 → rejected bad_timestamp: ts must be ISO-8601 with its offset,"
                                + " e.g. 2026-11-24T10:15:00+08:00",
                        "  E-MAIN-01 " + GatewayProbe.MINUTE.format(Instant.ofEpochMilli(t1))
                                + " 48213377.25 → accepted (已接收);"
                                + " quarter hour " + q0 + "–" + q1
                                + " not in InfluxDB yet (a first reading only sets the start)",
                        "  E-MAIN-01 " + GatewayProbe.MINUTE.format(Instant.ofEpochMilli(t2))
                                + " 48213497.25 → accepted (已接收);" + " quarter hour " + q1 + "–" + q2
                                + " now 120 kWh = 0.014748 tce",
                        "  E-MAIN-01 " + GatewayProbe.MINUTE.format(Instant.ofEpochMilli(t3))
                                + " 48213627.25 → accepted (已接收);" + " quarter hour " + q2 + "–" + q3
                                + " now 130 kWh = 0.015977 tce",
                        "  whole message seq=-1 → rejected gateway_mismatch: the payload's gateway differs from the topic's"
                                + " gateway GW01");
        int lastWill = indexOf(shown, "connection: offline (离线) at ");
        assertThat(lastWill).as("the Will after the readings").isGreaterThan(indexOf(shown, "  E-MAIN-01 "));
    }

    private static String clock(long ms) {
        return GatewayProbe.CLOCK_TIME.format(Instant.ofEpochMilli(ms)).substring(0, 5);
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = lines.size() - 1; i >= 0; i--) if (lines.get(i).startsWith(prefix)) return i;
        return -1;
    }
}
