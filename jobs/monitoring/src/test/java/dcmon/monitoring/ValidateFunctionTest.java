package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dcmon.core.Topics;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ValidateFunctionTest {
    private static final Duration LATENESS = Duration.ofDays(35);
    private static final Duration FUTURE = Duration.ofMinutes(10);
    private static final String STEEL_GW01 = Topics.readingsTopic(STEEL, "GW01");
    /** Received 2026-11-24 10:20 in Shanghai. */
    private static final long RX = at("2026-11-24T10:20:00+08:00");

    private OneInputStreamOperatorTestHarness<RawMessage, AcceptedReadings> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(
                new ValidateFunction(TestRegistry.provider(), LATENESS, FUTURE));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static byte[] payload(String gateway, String... readings) {
        return ("{\"schema\":\"dcmon.readings/1\",\"gateway\":\"" + gateway + "\",\"seq\":41,\"readings\":["
                        + String.join(",", readings) + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String r(String point, String ts, String value) {
        return "{\"point\":\"" + point + "\",\"ts\":\"" + ts + "\",\"value\":" + value + "}";
    }

    private void send(String topic, byte[] payload) throws Exception {
        harness.processElement(new StreamRecord<>(new RawMessage(topic, payload, RX), RX));
    }

    private List<AcceptedReadings> accepted() {
        return harness.extractOutputValues();
    }

    private List<Rejection> rejected() {
        return harness.getSideOutput(Outputs.REJECTED) == null
                ? List.of()
                : harness.getSideOutput(Outputs.REJECTED).stream()
                        .map(StreamRecord::getValue)
                        .toList();
    }

    /** Sends one reading on the steel plant's GW01 topic and returns the single rejection it caused. */
    private Rejection rejectOne(String point, String ts, String value) throws Exception {
        send(STEEL_GW01, payload("GW01", r(point, ts, value)));
        assertThat(accepted()).as("accepted for %s %s %s", point, ts, value).isEmpty();
        assertThat(rejected()).hasSize(1);
        return rejected().get(0);
    }

    @Test
    void aValidMessageLeavesAsOneRecordWithAllItsReadings() throws Exception {
        send(
                STEEL_GW01,
                payload(
                        "GW01",
                        r("E-MAIN-01", "2026-11-24T10:00:00+08:00", "1000.5"),
                        r("STEEL-OUT", "2026-11-24T02:00:00Z", "5231"),
                        r("E-MAIN-01", "2026-11-24T10:15:00+08:00", "1010.25")));

        assertThat(rejected()).isEmpty();
        assertThat(accepted()).hasSize(1);
        AcceptedReadings a = accepted().get(0);
        assertThat(a.enterprise).isEqualTo(STEEL);
        assertThat(a.gateway).isEqualTo("GW01");
        assertThat(a.seq).isEqualTo(41);
        assertThat(a.receivedAt).isEqualTo(RX);
        assertThat(a.index).containsExactly(0, 1, 2);
        assertThat(a.points).containsExactly("E-MAIN-01", "STEEL-OUT", "E-MAIN-01");
        assertThat(a.ts)
                .containsExactly(
                        at("2026-11-24T10:00:00+08:00"),
                        at("2026-11-24T10:00:00+08:00"),
                        at("2026-11-24T10:15:00+08:00"));
        assertThat(a.values).containsExactly(1000.5, 5231.0, 1010.25);
    }

    @Test
    void messageLevelProblemsRejectTheWholeMessageWithTheirReason() throws Exception {
        String ok = r("E-MAIN-01", "2026-11-24T10:00:00+08:00", "1");
        byte[] notJson = "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"readings\":[{\"point\":"
                .getBytes(StandardCharsets.UTF_8);
        byte[] oldSchema = ("{\"schema\":\"dcmon.readings/0\",\"gateway\":\"GW01\",\"readings\":[" + ok + "]}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] noGateway =
                ("{\"schema\":\"dcmon.readings/1\",\"readings\":[" + ok + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] readingsObject = ("{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"readings\":" + ok + "}")
                .getBytes(StandardCharsets.UTF_8);
        // a valid code that is not registered
        String stranger = "913502000728319549";

        send(STEEL_GW01, notJson);
        send(STEEL_GW01, oldSchema);
        send(STEEL_GW01, noGateway);
        send(STEEL_GW01, readingsObject);
        send(Topics.readingsTopic(stranger, "GW01"), payload("GW01", ok));
        send(Topics.readingsTopic(STEEL, "GW09"), payload("GW09", ok));
        send(STEEL_GW01, payload("GW02", ok));
        send("dcmon/v1/" + STEEL + "/GW01/status", payload("GW01", ok));

        assertThat(accepted()).isEmpty();
        assertThat(rejected())
                .extracting(Rejection::reason)
                .containsExactly(
                        RejectReason.MALFORMED_JSON,
                        RejectReason.WRONG_SCHEMA,
                        RejectReason.WRONG_SCHEMA,
                        RejectReason.WRONG_SCHEMA,
                        RejectReason.UNKNOWN_ENTERPRISE,
                        RejectReason.UNKNOWN_GATEWAY,
                        RejectReason.GATEWAY_MISMATCH,
                        RejectReason.BAD_TOPIC);
        assertThat(rejected()).extracting(Rejection::index).containsOnly(-1);
        assertThat(rejected().get(0).payloadSha256()).isEqualTo(MessageValidator.sha256(notJson));
        assertThat(rejected().get(0).id()).isEqualTo("malformed_json:" + MessageValidator.sha256(notJson));
        assertThat(rejected().get(1).detail()).isEqualTo("schema must be dcmon.readings/1, got dcmon.readings/0");
        assertThat(rejected().get(2).detail()).isEqualTo("gateway missing or not a string");
        assertThat(rejected().get(3).detail()).isEqualTo("readings is not an array");
        assertThat(rejected().get(4).detail()).isEqualTo("enterprise " + stranger + " is not registered");
        assertThat(rejected().get(4).enterprise()).isEqualTo(stranger);
        assertThat(rejected().get(5).detail()).isEqualTo("gateway GW09 is not registered for " + STEEL);
        assertThat(rejected().get(6).detail()).isEqualTo("payload gateway GW02 differs from topic gateway GW01");
        assertThat(rejected().get(6).seq()).isEqualTo(41);
        assertThat(rejected().get(7).enterprise()).isNull();
        assertThat(rejected().get(7).key()).isEqualTo("bad_topic");
    }

    @Test
    void aPointRegisteredNowhereIsUnknown() throws Exception {
        assertThat(rejectOne("NO-SUCH-POINT", "2026-11-24T10:00:00+08:00", "1").reason())
                .isEqualTo(RejectReason.UNKNOWN_POINT);
    }

    @Test
    void aPointOfAnotherEnterpriseUnderThisEnterprisesTopicIsAMismatch() throws Exception {
        // KILN-COAL is the cement plant's: published under the steel plant's topic it must never be counted
        Rejection x = rejectOne("KILN-COAL", "2026-11-24T10:00:00+08:00", "1");
        assertThat(x.reason()).isEqualTo(RejectReason.ENTERPRISE_MISMATCH);
        assertThat(x.enterprise()).isEqualTo(STEEL);
        assertThat(x.point()).isEqualTo("KILN-COAL");
        assertThat(x.index()).isZero();
        assertThat(x.id())
                .isEqualTo("enterprise_mismatch:" + STEEL + ":GW01:KILN-COAL:" + at("2026-11-24T10:00:00+08:00") + ":"
                        + Double.doubleToLongBits(1.0));
    }

    @Test
    void aPointOfTheEnterprisesOtherGatewayIsAGatewayMismatch() throws Exception {
        // the cement plant's KILN-COAL belongs to GW02, not GW01
        send(Topics.readingsTopic(CEMENT, "GW01"), payload("GW01", r("KILN-COAL", "2026-11-24T10:00:00+08:00", "1")));
        assertThat(accepted()).isEmpty();
        assertThat(rejected()).extracting(Rejection::reason).containsExactly(RejectReason.GATEWAY_MISMATCH);
    }

    @Test
    void nonFiniteMissingAndNegativeValues() throws Exception {
        assertThat(rejectOne("E-MAIN-01", "2026-11-24T10:00:00+08:00", "1e999").reason())
                .isEqualTo(RejectReason.BAD_VALUE);
        harness.getSideOutput(Outputs.REJECTED).clear();
        assertThat(rejectOne("E-MAIN-01", "2026-11-24T10:00:00+08:00", "-1e999").reason())
                .isEqualTo(RejectReason.BAD_VALUE);
        harness.getSideOutput(Outputs.REJECTED).clear();
        assertThat(rejectOne("E-MAIN-01", "2026-11-24T10:00:00+08:00", "null").reason())
                .isEqualTo(RejectReason.BAD_VALUE);
        harness.getSideOutput(Outputs.REJECTED).clear();
        assertThat(rejectOne("E-MAIN-01", "2026-11-24T10:00:00+08:00", "\"12.5\"")
                        .reason())
                .isEqualTo(RejectReason.BAD_VALUE);
        harness.getSideOutput(Outputs.REJECTED).clear();
        Rejection negative = rejectOne("E-MAIN-01", "2026-11-24T10:00:00+08:00", "-0.001");
        assertThat(negative.reason()).isEqualTo(RejectReason.NEGATIVE_VALUE);
        assertThat(negative.value()).isEqualTo(-0.001);
    }

    @Test
    void aNaNLiteralIsNotJson() throws Exception {
        // JSON has no NaN: the whole message is malformed, not a reading with a bad value
        send(STEEL_GW01, payload("GW01", r("E-MAIN-01", "2026-11-24T10:00:00+08:00", "NaN")));
        assertThat(accepted()).isEmpty();
        assertThat(rejected()).extracting(Rejection::reason).containsExactly(RejectReason.MALFORMED_JSON);
    }

    @Test
    void timestampsWithoutOffsetInTheFutureAndTooLate() throws Exception {
        assertThat(rejectOne("E-MAIN-01", "2026-11-24T10:00:00", "1").reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
        harness.getSideOutput(Outputs.REJECTED).clear();
        assertThat(rejectOne("E-MAIN-01", "24/11/2026 10:00", "1").reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
        harness.getSideOutput(Outputs.REJECTED).clear();
        // received 10:20 with 10 minutes of allowance: 10:30 is the last accepted instant
        assertThat(rejectOne("E-MAIN-01", "2026-11-24T10:30:00.001+08:00", "1").reason())
                .isEqualTo(RejectReason.FUTURE_TIMESTAMP);
        harness.getSideOutput(Outputs.REJECTED).clear();
        // 35 days before 2026-11-24 10:20 is 2026-10-20 10:20
        Rejection late = rejectOne("E-MAIN-01", "2026-10-20T10:19:59.999+08:00", "1");
        assertThat(late.reason()).isEqualTo(RejectReason.TOO_LATE);
        assertThat(late.ts()).isEqualTo(at("2026-10-20T10:19:59.999+08:00"));
        harness.getSideOutput(Outputs.REJECTED).clear();

        send(
                STEEL_GW01,
                payload(
                        "GW01",
                        r("E-MAIN-01", "2026-11-24T10:30:00+08:00", "1"),
                        r("E-MAIN-01", "2026-10-20T10:20:00+08:00", "1")));
        assertThat(rejected()).isEmpty();
        assertThat(accepted())
                .singleElement()
                .satisfies(a -> assertThat(a.index).containsExactly(0, 1));
    }

    @Test
    void aMixedMessageKeepsItsGoodReadingsAndRejectsTheBadOnesByIndex() throws Exception {
        send(
                STEEL_GW01,
                payload(
                        "GW01",
                        r("E-MAIN-01", "2026-11-24T10:00:00+08:00", "1000"), // 0 ok
                        r("KILN-COAL", "2026-11-24T10:00:00+08:00", "5"), // 1 enterprise_mismatch
                        r("E-MAIN-01", "2026-11-24T10:05:00", "1001"), // 2 bad_timestamp
                        r("STEEL-OUT", "2026-11-24T10:00:00+08:00", "77.5"), // 3 ok
                        "[1,2,3]", // 4 unknown_point (not an object)
                        r("COKE-01", "2026-11-24T10:00:00+08:00", "-2"), // 5 negative_value
                        r("E-MAIN-01", "2026-11-25T10:00:00+08:00", "1005"), // 6 future_timestamp
                        r("E-MAIN-01", "2026-11-24T10:15:00+08:00", "1010"))); // 7 ok

        assertThat(accepted()).hasSize(1);
        AcceptedReadings a = accepted().get(0);
        assertThat(a.index).containsExactly(0, 3, 7);
        assertThat(a.points).containsExactly("E-MAIN-01", "STEEL-OUT", "E-MAIN-01");
        assertThat(a.values).containsExactly(1000.0, 77.5, 1010.0);
        assertThat(a.ts)
                .containsExactly(
                        at("2026-11-24T10:00:00+08:00"),
                        at("2026-11-24T10:00:00+08:00"),
                        at("2026-11-24T10:15:00+08:00"));

        assertThat(rejected()).extracting(Rejection::index).containsExactly(1, 2, 4, 5, 6);
        assertThat(rejected())
                .extracting(Rejection::reason)
                .containsExactly(
                        RejectReason.ENTERPRISE_MISMATCH,
                        RejectReason.BAD_TIMESTAMP,
                        RejectReason.UNKNOWN_POINT,
                        RejectReason.NEGATIVE_VALUE,
                        RejectReason.FUTURE_TIMESTAMP);
        assertThat(rejected()).extracting(Rejection::seq).containsOnly(41L);
        assertThat(rejected()).extracting(Rejection::mqttTopic).containsOnly(STEEL_GW01);
        assertThat(rejected().get(3).point()).isEqualTo("COKE-01");
        assertThat(rejected().get(3).value()).isEqualTo(-2.0);
    }

    @Test
    void aMessageWithOnlyBadReadingsEmitsNoRecord() throws Exception {
        send(
                STEEL_GW01,
                payload(
                        "GW01",
                        r("NO-SUCH", "2026-11-24T10:00:00+08:00", "1"),
                        r("E-MAIN-01", "2026-11-24T10:00:00+08:00", "-1")));
        assertThat(accepted()).isEmpty();
        assertThat(rejected())
                .extracting(Rejection::reason)
                .containsExactly(RejectReason.UNKNOWN_POINT, RejectReason.NEGATIVE_VALUE);

        // and an empty readings array is neither accepted nor rejected: there is nothing to count
        send(STEEL_GW01, payload("GW01"));
        assertThat(accepted()).isEmpty();
        assertThat(rejected()).hasSize(2);
    }

    @Test
    void neverThrowsOnGarbageBytesAndAccountsForEveryMessage() throws Exception {
        Random random = new Random(20261124L);
        byte[] valid = payload("GW01", r("E-MAIN-01", "2026-11-24T10:00:00+08:00", "1"));
        List<byte[]> garbage = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(300)];
            random.nextBytes(bytes);
            garbage.add(bytes);
            // a valid message with a few bytes changed: mostly almost-JSON
            byte[] flipped = valid.clone();
            for (int k = 0; k < 1 + random.nextInt(3); k++)
                flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
            garbage.add(flipped);
        }
        for (String nasty : List.of(
                "",
                "null",
                "[]",
                "\"x\"",
                "{}",
                "{\"schema\":{\"schema\":\"dcmon.readings/1\"}}",
                "[".repeat(5000),
                "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"readings\":[{\"point\":{\"a\":1},\"ts\":[],\"value\":{}}]}",
                "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"seq\":1e400,\"readings\":[{\"value\":99999999999999999999999999}]}",
                "{\"schema\":\"dcmon.readings/1\",\"gateway\":\"GW01\",\"readings\":[]} trailing")) {
            garbage.add(nasty.getBytes(StandardCharsets.UTF_8));
        }
        garbage.add(new byte[] {'{', '"', 's', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}); // invalid UTF-8

        for (byte[] b : garbage) {
            int before = accepted().size() + rejected().size();
            assertThatCode(() -> send(STEEL_GW01, b)).doesNotThrowAnyException();
            // every message is counted or rejected with a reason: nothing vanishes
            assertThat(accepted().size() + rejected().size())
                    .as(new String(b, StandardCharsets.UTF_8))
                    .isGreaterThan(before);
        }
        assertThatCode(() -> send(null, new byte[0])).doesNotThrowAnyException();
        assertThat(rejected().get(rejected().size() - 1).reason()).isEqualTo(RejectReason.BAD_TOPIC);
        assertThat(rejected()).allSatisfy(x -> assertThat(x.reason()).isNotNull());
    }
}
