package dcmon.core.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.core.registry.Baseline;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Role;
import dcmon.core.registry.Tier;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {
    private static final String A = "91430111MA4L41YT1U";
    private static final String B = "91350200776049653A";
    private static final String TOPIC_A = "dcmon/v1/" + A + "/GW01/readings";
    /** Received 2026-11-24 10:20 in Shanghai. */
    private static final long RECEIVED =
            OffsetDateTime.parse("2026-11-24T10:20:00+08:00").toInstant().toEpochMilli();

    private static Point point(String id, String gateway, String energy, Role role, String product) {
        return new Point(
                id,
                gateway,
                energy,
                null,
                energy == null ? "t" : "kWh",
                PointKind.CUMULATIVE,
                100_000_000,
                role,
                product,
                200_000,
                15,
                false,
                null);
    }

    private static final Registry REGISTRY = new Registry(List.of(
            new Enterprise(
                    A,
                    "示例钢铁有限公司",
                    "420100",
                    Tier.HUNDRED,
                    "C31",
                    new Baseline(2015, 3_450_000),
                    List.of(new Product("crude-steel", "t", 560.0)),
                    List.of(),
                    List.of(new Gateway("GW01"), new Gateway("GW02")),
                    List.of(
                            point("E-MAIN-01", "GW01", "electricity", Role.INPUT, null),
                            point("STEEL-OUT", "GW01", null, Role.PRODUCT, "crude-steel"),
                            point("GAS-01", "GW02", "natural-gas", Role.INPUT, null))),
            new Enterprise(
                    B,
                    "示例化工有限公司",
                    "420100",
                    Tier.THOUSAND,
                    "C26",
                    new Baseline(2015, 800_000),
                    List.of(),
                    List.of(),
                    List.of(new Gateway("GW01")),
                    List.of(point("B-E-01", "GW01", "electricity", Role.INPUT, null)))));

    private final MessageValidator validator = new MessageValidator(
            REGISTRY, MessageValidator.DEFAULT_LATENESS, MessageValidator.DEFAULT_FUTURE_ALLOWANCE);

    private static byte[] payload(String gateway, String readings) {
        return ("{\"schema\": \"dcmon.readings/1\", \"gateway\": \"" + gateway + "\", \"seq\": 77, \"readings\": ["
                        + readings + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String reading(String point, String ts, String value) {
        return "{\"point\": \"" + point + "\", \"ts\": \"" + ts + "\", \"value\": " + value + "}";
    }

    private static long epoch(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    /** Validates a single reading on enterprise A's GW01 topic and returns its reason, null when accepted. */
    private RejectReason single(String point, String ts, String value) {
        MessageValidator.Result r = validator.validate(TOPIC_A, payload("GW01", reading(point, ts, value)), RECEIVED);
        if (r.rejections().isEmpty()) {
            assertThat(r.accepted().size()).isEqualTo(1);
            return null;
        }
        assertThat(r.accepted()).isNull();
        assertThat(r.rejections()).hasSize(1);
        assertThat(r.rejections().get(0).index()).isZero();
        return r.rejections().get(0).reason();
    }

    // ---------------------------------------------------------------- topic

    @Test
    void topicShape() {
        assertThat(MqttTopic.parseReadings(TOPIC_A)).isEqualTo(new MqttTopic(A, "GW01"));
        assertThat(MqttTopic.parseReadings("dcmon/v1/" + A + "/GW01/status")).isNull();
        assertThat(MqttTopic.parseReadings("dcmon/v2/" + A + "/GW01/readings")).isNull();
        assertThat(MqttTopic.parseReadings("dcmon/v1/" + A + "/readings")).isNull();
        assertThat(MqttTopic.parseReadings("dcmon/v1//GW01/readings")).isNull();
        assertThat(MqttTopic.parseReadings("dcmon/v1/" + A + "//readings")).isNull();
        assertThat(MqttTopic.parseReadings("dcmon/v1/" + A + "/GW01/x/readings"))
                .isNull();
        assertThat(MqttTopic.parseReadings(null)).isNull();
    }

    // ---------------------------------------------------------------- message level

    @Test
    void badTopicRejectsTheWholeMessage() {
        byte[] p = payload("GW01", reading("E-MAIN-01", "2026-11-24T10:15:00+08:00", "1"));
        MessageValidator.Result r = validator.validate("dcmon/v1/" + A + "/readings", p, RECEIVED);
        assertThat(r.accepted()).isNull();
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(RejectReason.BAD_TOPIC);
            assertThat(x.enterprise()).isNull();
            assertThat(x.index()).isEqualTo(-1);
            assertThat(x.key()).isEqualTo("bad_topic");
            assertThat(x.payloadSha256()).isEqualTo(MessageValidator.sha256(p));
        });
    }

    @Test
    void malformedPayloadKeepsTopicEnterprise() {
        MessageValidator.Result r = validator.validate(TOPIC_A, "{oops".getBytes(StandardCharsets.UTF_8), RECEIVED);
        assertThat(r.accepted()).isNull();
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
            assertThat(x.enterprise()).isEqualTo(A);
            assertThat(x.gateway()).isEqualTo("GW01");
            assertThat(x.key()).isEqualTo(A);
        });
    }

    @Test
    void unknownEnterprise() {
        // a well-formed, valid code that is not registered
        String other = "913502000728319549";
        MessageValidator.Result r = validator.validate(
                "dcmon/v1/" + other + "/GW01/readings",
                payload("GW01", reading("E-MAIN-01", "2026-11-24T10:15:00+08:00", "1")),
                RECEIVED);
        assertThat(r.accepted()).isNull();
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(RejectReason.UNKNOWN_ENTERPRISE);
            assertThat(x.detail()).isEqualTo("enterprise " + other + " is not registered");
            assertThat(x.seq()).isEqualTo(77);
        });
    }

    @Test
    void payloadGatewayDifferentFromTopicGateway() {
        MessageValidator.Result r = validator.validate(
                TOPIC_A, payload("GW02", reading("E-MAIN-01", "2026-11-24T10:15:00+08:00", "1")), RECEIVED);
        assertThat(r.accepted()).isNull();
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(RejectReason.GATEWAY_MISMATCH);
            assertThat(x.detail()).isEqualTo("payload gateway GW02 differs from topic gateway GW01");
            assertThat(x.index()).isEqualTo(-1);
        });
    }

    @Test
    void unknownGateway() {
        MessageValidator.Result r = validator.validate(
                "dcmon/v1/" + A + "/GW09/readings",
                payload("GW09", reading("E-MAIN-01", "2026-11-24T10:15:00+08:00", "1")),
                RECEIVED);
        assertThat(r.accepted()).isNull();
        assertThat(r.rejections()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo(RejectReason.UNKNOWN_GATEWAY);
            assertThat(x.detail()).isEqualTo("gateway GW09 is not registered for " + A);
        });
    }

    // ---------------------------------------------------------------- reading level

    @Test
    void pointOwnership() {
        String ts = "2026-11-24T10:15:00+08:00";
        assertThat(single("E-MAIN-01", ts, "1")).isNull();
        assertThat(single("NO-SUCH-POINT", ts, "1")).isEqualTo(RejectReason.UNKNOWN_POINT);
        // B-E-01 exists, but belongs to the other enterprise
        assertThat(single("B-E-01", ts, "1")).isEqualTo(RejectReason.ENTERPRISE_MISMATCH);
        // GAS-01 belongs to A but is reported by GW02, not GW01
        assertThat(single("GAS-01", ts, "1")).isEqualTo(RejectReason.GATEWAY_MISMATCH);
        // the same point on its own gateway is fine
        MessageValidator.Result r = validator.validate(
                "dcmon/v1/" + A + "/GW02/readings", payload("GW02", reading("GAS-01", ts, "1")), RECEIVED);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.accepted().points).containsExactly("GAS-01");
    }

    @Test
    void timestampAndValueChecks() {
        assertThat(single("E-MAIN-01", "2026-11-24T10:15:00", "1")).isEqualTo(RejectReason.BAD_TIMESTAMP);
        assertThat(single("E-MAIN-01", "2026-11-24T10:15:00+08:00", "\"1\"")).isEqualTo(RejectReason.BAD_VALUE);
        assertThat(single("E-MAIN-01", "2026-11-24T10:15:00+08:00", "1e999")).isEqualTo(RejectReason.BAD_VALUE);
        assertThat(single("E-MAIN-01", "2026-11-24T10:15:00+08:00", "-1e999")).isEqualTo(RejectReason.BAD_VALUE);
        assertThat(single("E-MAIN-01", "2026-11-24T10:15:00+08:00", "-0.5")).isEqualTo(RejectReason.NEGATIVE_VALUE);
        assertThat(single("E-MAIN-01", "2026-11-24T10:15:00+08:00", "0")).isNull();
    }

    @Test
    void futureTimestampBoundary() {
        // received 10:20; 10 minutes of clock skew are allowed: 10:30:00.000 passes, 10:30:00.001 does not
        assertThat(single("E-MAIN-01", "2026-11-24T10:30:00+08:00", "1")).isNull();
        assertThat(single("E-MAIN-01", "2026-11-24T10:30:00.001+08:00", "1")).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
        // the same instants written in UTC
        assertThat(single("E-MAIN-01", "2026-11-24T02:30:00Z", "1")).isNull();
        assertThat(single("E-MAIN-01", "2026-11-24T02:30:00.001Z", "1")).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    }

    @Test
    void tooLateBoundary() {
        // 2026-11-24 minus 35 days: 24 days back to 2026-10-31, 11 more to 2026-10-20
        assertThat(single("E-MAIN-01", "2026-10-20T10:20:00+08:00", "1")).isNull();
        assertThat(single("E-MAIN-01", "2026-10-20T10:19:59.999+08:00", "1")).isEqualTo(RejectReason.TOO_LATE);
    }

    @Test
    void mixedMessageKeepsGoodReadingsAndRejectsBadOnesByIndex() {
        byte[] p = payload(
                "GW01",
                String.join(
                        ", ",
                        reading("E-MAIN-01", "2026-11-24T10:00:00+08:00", "1000.5"), // 0 ok
                        reading("B-E-01", "2026-11-24T10:00:00+08:00", "5"), // 1 enterprise_mismatch
                        reading("STEEL-OUT", "2026-11-24T10:00:00+08:00", "5231"), // 2 ok
                        reading("E-MAIN-01", "2026-11-24T10:15:00+08:00", "-3"), // 3 negative_value
                        "42", // 4 unknown_point (no point)
                        reading("E-MAIN-01", "2026-11-24T02:15:00Z", "1010.25"))); // 5 ok
        MessageValidator.Result r = validator.validate(TOPIC_A, p, RECEIVED);

        AcceptedReadings ok = r.accepted();
        assertThat(ok.enterprise).isEqualTo(A);
        assertThat(ok.gateway).isEqualTo("GW01");
        assertThat(ok.receivedAt).isEqualTo(RECEIVED);
        assertThat(ok.points).containsExactly("E-MAIN-01", "STEEL-OUT", "E-MAIN-01");
        assertThat(ok.ts)
                .containsExactly(
                        epoch("2026-11-24T10:00:00+08:00"),
                        epoch("2026-11-24T10:00:00+08:00"),
                        epoch("2026-11-24T10:15:00+08:00"));
        assertThat(ok.values).containsExactly(1000.5, 5231.0, 1010.25);

        assertThat(r.rejections()).extracting(Rejection::index).containsExactly(1, 3, 4);
        assertThat(r.rejections())
                .extracting(Rejection::reason)
                .containsExactly(
                        RejectReason.ENTERPRISE_MISMATCH, RejectReason.NEGATIVE_VALUE, RejectReason.UNKNOWN_POINT);
        Rejection neg = r.rejections().get(1);
        assertThat(neg.point()).isEqualTo("E-MAIN-01");
        assertThat(neg.value()).isEqualTo(-3.0);
        assertThat(neg.seq()).isEqualTo(77);
        assertThat(neg.enterprise()).isEqualTo(A);
        assertThat(neg.mqttTopic()).isEqualTo(TOPIC_A);
    }

    // ---------------------------------------------------------------- rejection contract

    @Test
    void rejectionIdsAreDeterministic() {
        byte[] p = payload("GW01", reading("E-MAIN-01", "2026-11-24T10:15:00+08:00", "-3"));
        Rejection first = validator.validate(TOPIC_A, p, RECEIVED).rejections().get(0);
        Rejection again =
                validator.validate(TOPIC_A, p.clone(), RECEIVED).rejections().get(0);
        assertThat(again.id()).isEqualTo(first.id());
        // the same bad reading re-sent later in another message is still the same rejection
        byte[] resent = ("{\"schema\": \"dcmon.readings/1\", \"gateway\": \"GW01\", \"seq\": 78, \"readings\": ["
                        + reading("E-MAIN-01", "2026-11-24T02:15:00Z", "-3.0") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        Rejection later = validator
                .validate(TOPIC_A, resent, RECEIVED + 60_000)
                .rejections()
                .get(0);
        assertThat(later.id()).isEqualTo(first.id());
        assertThat(first.id())
                .isEqualTo("negative_value:" + A + ":GW01:E-MAIN-01:" + epoch("2026-11-24T10:15:00+08:00") + ":"
                        + Double.doubleToLongBits(-3.0));
        // another value is another rejection
        Rejection other = validator
                .validate(TOPIC_A, payload("GW01", reading("E-MAIN-01", "2026-11-24T10:15:00+08:00", "-4")), RECEIVED)
                .rejections()
                .get(0);
        assertThat(other.id()).isNotEqualTo(first.id());

        // message-level: identified by reason and payload hash
        byte[] bad = "not json".getBytes(StandardCharsets.UTF_8);
        Rejection m1 = validator.validate(TOPIC_A, bad, RECEIVED).rejections().get(0);
        Rejection m2 = validator
                .validate(TOPIC_A, bad.clone(), RECEIVED + 1)
                .rejections()
                .get(0);
        assertThat(m1.id()).isEqualTo(m2.id()).isEqualTo("malformed_json:" + MessageValidator.sha256(bad));
    }

    @Test
    void sha256IsTheStandardDigest() {
        // SHA-256 of the empty input (FIPS 180-4 test vector)
        assertThat(MessageValidator.sha256(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        // SHA-256("abc")
        assertThat(MessageValidator.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void rejectionJsonCarriesTheContractFields() throws Exception {
        byte[] p = payload(
                "GW01",
                reading("E-MAIN-01", "2026-11-24T10:15:00+08:00", "1") + ", "
                        + reading("E-MAIN-01", "2026-11-24T02:15:00.5Z", "-2.5"));
        Rejection x = validator.validate(TOPIC_A, p, RECEIVED).rejections().get(0);
        JsonNode n = new ObjectMapper().readTree(x.toJson());
        assertThat(n.get("schema").asText()).isEqualTo("dcmon.rejected/1");
        assertThat(n.get("id").asText()).isEqualTo(x.id());
        assertThat(n.get("reason").asText()).isEqualTo("negative_value");
        assertThat(n.get("index").asInt()).isEqualTo(1);
        assertThat(n.get("point").asText()).isEqualTo("E-MAIN-01");
        // 02:15:00.5 UTC is written in Shanghai time
        assertThat(n.get("ts").asText()).isEqualTo("2026-11-24T10:15:00.5+08:00");
        assertThat(n.get("value").asDouble()).isEqualTo(-2.5);
        assertThat(n.get("received_at").asText()).isEqualTo("2026-11-24T10:20:00+08:00");
        assertThat(n.get("topic").asText()).isEqualTo(TOPIC_A);
        assertThat(n.get("enterprise").asText()).isEqualTo(A);
        assertThat(n.get("gateway").asText()).isEqualTo("GW01");
        assertThat(n.get("seq").asLong()).isEqualTo(77);
        assertThat(n.get("payload_sha256").asText()).isEqualTo(MessageValidator.sha256(p));
        assertThat(n.has("detail")).isFalse();
        assertThat(Rejection.idAndReason(x.toJson())).containsExactly(x.id(), "negative_value");
    }

    @Test
    void messageRejectionJsonLeavesOutWhatIsUnknown() throws Exception {
        Rejection x = validator
                .validate("bad/topic", "{}".getBytes(StandardCharsets.UTF_8), RECEIVED)
                .rejections()
                .get(0);
        JsonNode n = new ObjectMapper().readTree(x.toJson());
        assertThat(n.get("reason").asText()).isEqualTo("bad_topic");
        assertThat(n.get("detail").asText()).isEqualTo("topic bad/topic");
        assertThat(n.get("topic").asText()).isEqualTo("bad/topic");
        for (String absent : List.of("enterprise", "gateway", "seq", "index", "point", "ts", "value")) {
            assertThat(n.has(absent)).as(absent).isFalse();
        }
    }
}
