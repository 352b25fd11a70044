package dcmon.core.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PayloadParserTest {
    private final PayloadParser parser = new PayloadParser();

    private GatewayMessage parse(String json) throws PayloadParser.PayloadException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private PayloadParser.PayloadException failure(String json) {
        return catchThrowableOfType(PayloadParser.PayloadException.class, () -> parse(json));
    }

    private static long utc(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void parsesTheDesignExample() throws Exception {
        GatewayMessage m = parse("""
                { "schema": "dcmon.readings/1",
                  "gateway": "GW01",
                  "seq": 1842,
                  "readings": [
                    { "point": "E-MAIN-01", "ts": "2026-11-24T10:15:00+08:00", "value": 1234567.8 },
                    { "point": "STEEL-OUT", "ts": "2026-11-24T10:15:00+08:00", "value": 5231.0, "quality": "manual" } ] }
                """);
        assertThat(m.schema()).isEqualTo("dcmon.readings/1");
        assertThat(m.gateway()).isEqualTo("GW01");
        assertThat(m.seq()).isEqualTo(1842);
        // 10:15 at +08:00 is 02:15 UTC
        assertThat(m.readings())
                .containsExactly(
                        new RawReading("E-MAIN-01", utc("2026-11-24T02:15:00Z"), 1234567.8, null),
                        new RawReading("STEEL-OUT", utc("2026-11-24T02:15:00Z"), 5231.0, "manual"));
    }

    @Test
    void malformedJson() {
        PayloadParser.PayloadException e = failure("{\"schema\": \"dcmon.readings/1\", \"gateway\": ");
        assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(failure("{\"schema\" \"x\"}").reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(failure("{\"value\": NaN}").reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void anEmptyPayloadIsNoJson() {
        assertThat(failure("").reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(failure("")).hasMessage("empty payload");
        assertThat(failure(" \r\n\t ").reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void aSeqBeyondALongIsIgnoredLikeASeqOfAnotherType() throws Exception {
        String readings = ", \"readings\": [{\"point\": \"A\", \"ts\": \"2026-11-24T10:15:00+08:00\", \"value\": 1}]}";
        GatewayMessage big = parse(
                "{\"schema\": \"dcmon.readings/1\", \"gateway\": \"GW01\", \"seq\": 9223372036854775808" + readings);
        assertThat(big.seq()).isEqualTo(-1);
        assertThat(big.readings()).hasSize(1);
        GatewayMessage max = parse(
                "{\"schema\": \"dcmon.readings/1\", \"gateway\": \"GW01\", \"seq\": 9223372036854775807" + readings);
        assertThat(max.seq()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void notAnObjectWrongSchemaMissingGatewayOrReadingsNotAnArrayAreWrongSchema() {
        assertThat(failure("[1, 2]").reason()).isEqualTo(RejectReason.WRONG_SCHEMA);
        assertThat(failure("[1, 2]")).hasMessage("payload is not a JSON object");
        assertThat(failure("\"text\"").reason()).isEqualTo(RejectReason.WRONG_SCHEMA);

        PayloadParser.PayloadException schema =
                failure("{\"schema\": \"dcmon.readings/2\", \"gateway\": \"GW01\", \"readings\": []}");
        assertThat(schema.reason()).isEqualTo(RejectReason.WRONG_SCHEMA);
        assertThat(schema).hasMessage("schema must be dcmon.readings/1, got dcmon.readings/2");
        assertThat(failure("{\"gateway\": \"GW01\", \"readings\": []}"))
                .hasMessage("schema must be dcmon.readings/1, got null");

        PayloadParser.PayloadException gateway = failure("{\"schema\": \"dcmon.readings/1\", \"readings\": []}");
        assertThat(gateway.reason()).isEqualTo(RejectReason.WRONG_SCHEMA);
        assertThat(gateway).hasMessage("gateway missing or not a string");
        assertThat(failure("{\"schema\": \"dcmon.readings/1\", \"gateway\": 7, \"readings\": []}"))
                .hasMessage("gateway missing or not a string");

        PayloadParser.PayloadException notArray =
                failure("{\"schema\": \"dcmon.readings/1\", \"gateway\": \"GW01\", \"readings\": {}}");
        assertThat(notArray.reason()).isEqualTo(RejectReason.WRONG_SCHEMA);
        assertThat(notArray).hasMessage("readings is not an array");

        PayloadParser.PayloadException missing = failure("{\"schema\": \"dcmon.readings/1\", \"gateway\": \"GW01\"}");
        assertThat(missing.reason()).isEqualTo(RejectReason.WRONG_SCHEMA);
        assertThat(missing).hasMessage("readings missing");
    }

    @Test
    void trailingContentIsMalformed() {
        String ok = "{\"schema\": \"dcmon.readings/1\", \"gateway\": \"GW01\", \"readings\": []}";
        PayloadParser.PayloadException second = failure(ok + " {}");
        assertThat(second.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(second).hasMessage("trailing content after the JSON object");
        assertThat(failure(ok + " garbage").reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @Test
    void timestampMustCarryAnOffsetAndZIsOne() throws Exception {
        GatewayMessage m = parse("""
                {"schema": "dcmon.readings/1", "gateway": "GW01", "readings": [
                  {"point": "A", "ts": "2026-11-24T10:15:00", "value": 1},
                  {"point": "B", "ts": "2026-11-24T02:15:00Z", "value": 2},
                  {"point": "C", "ts": "2026-11-24T10:15:00.250+08:00", "value": 3},
                  {"point": "D", "ts": 1795000000000, "value": 4},
                  {"point": "E", "ts": "yesterday", "value": 5},
                  {"point": "F", "value": 6} ]}
                """);
        assertThat(m.readings().get(0).hasTs()).isFalse();
        assertThat(m.readings().get(0).ts()).isEqualTo(RawReading.NO_TS);
        assertThat(m.readings().get(1).ts()).isEqualTo(utc("2026-11-24T02:15:00Z"));
        assertThat(m.readings().get(2).ts()).isEqualTo(utc("2026-11-24T02:15:00.250Z"));
        assertThat(m.readings().get(3).hasTs())
                .as("epoch number is not ISO-8601")
                .isFalse();
        assertThat(m.readings().get(4).hasTs()).isFalse();
        assertThat(m.readings().get(5).hasTs()).isFalse();
        assertThat(m.seq()).as("absent seq").isEqualTo(-1);
    }

    @Test
    void everyValueIsTheDoubleJavaReadsFromTheSameText() throws Exception {
        List<String> texts = new ArrayList<>(List.of(
                "0",
                "-0.0",
                "0.1",
                "12.25",
                "1234567.75",
                "0.30000000000000004",
                "0.1000000000000000055511151231257827",
                "2.2250738585072011e-308",
                "2.2250738585072012e-308",
                "4.9e-324",
                "1.7976931348623157e308",
                "1.7976931348623158e308",
                "123456789012345678901234567890",
                "9007199254740993",
                "1e22",
                "1e23",
                "8.41e21",
                "5e-324",
                "1.00000000000000011102230246251565404236316680908203125"));
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextInt(4_000_000) / 4.0;
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(20) - 5);
                default -> Math.round(random.nextDouble() * 1e9) / 100.0;
            };
            if (Double.isFinite(d)) texts.add(i % 8 == 7 ? new BigDecimal(d).toPlainString() : Double.toString(d));
        }
        StringBuilder json =
                new StringBuilder("{\"schema\": \"dcmon.readings/1\", \"gateway\": \"GW01\", \"readings\": [");
        for (int i = 0; i < texts.size(); i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"point\": \"P\", \"ts\": \"2026-11-24T10:15:00+08:00\", \"value\": ")
                    .append(texts.get(i))
                    .append('}');
        }
        GatewayMessage m = parse(json.append("]}").toString());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(Double.doubleToRawLongBits(m.readings().get(i).value()))
                    .as(texts.get(i))
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(texts.get(i))));
        }
    }

    @Test
    void valueThatIsNotANumberBecomesNaNAndQualityIsKept() throws Exception {
        GatewayMessage m = parse("""
                {"schema": "dcmon.readings/1", "gateway": "GW01", "readings": [
                  {"point": "A", "ts": "2026-11-24T10:15:00+08:00", "value": "12.5", "quality": "manual"},
                  {"point": "B", "ts": "2026-11-24T10:15:00+08:00", "value": null},
                  {"point": "C", "ts": "2026-11-24T10:15:00+08:00", "value": 1e999},
                  {"point": "D", "ts": "2026-11-24T10:15:00+08:00", "value": 42, "quality": "estimated"} ]}
                """);
        assertThat(m.readings().get(0).value()).isNaN();
        assertThat(m.readings().get(0).quality()).isEqualTo("manual");
        assertThat(m.readings().get(1).value()).isNaN();
        assertThat(m.readings().get(2).value()).isInfinite();
        assertThat(m.readings().get(3).value()).isEqualTo(42.0);
        assertThat(m.readings().get(3).quality()).isEqualTo("estimated");
    }

    @Test
    void unknownFieldsAreIgnoredAtBothLevels() throws Exception {
        GatewayMessage m = parse("""
                {"firmware": {"version": "1.2", "build": [1, 2, {"x": "y"}]}, "schema": "dcmon.readings/1",
                 "gateway": "GW01", "extra": [[], {}], "readings": [
                  {"note": {"point": "X", "value": 99}, "point": "A", "ts": "2026-11-24T10:15:00+08:00", "tags": ["a"], "value": 1.5}
                 ], "seq": 3, "trailer": null}
                """);
        assertThat(m.seq()).isEqualTo(3);
        assertThat(m.readings()).containsExactly(new RawReading("A", utc("2026-11-24T02:15:00Z"), 1.5, null));
    }

    @Test
    void readingThatIsNotAnObjectKeepsItsPlace() throws Exception {
        GatewayMessage m = parse("""
                {"schema": "dcmon.readings/1", "gateway": "GW01", "readings": [
                  7, ["A", 1], {"point": "B", "ts": "2026-11-24T10:15:00+08:00", "value": 2} ]}
                """);
        assertThat(m.readings()).hasSize(3);
        assertThat(m.readings().get(0)).isEqualTo(new RawReading(null, RawReading.NO_TS, Double.NaN, null));
        assertThat(m.readings().get(1)).isEqualTo(new RawReading(null, RawReading.NO_TS, Double.NaN, null));
        assertThat(m.readings().get(2).point()).isEqualTo("B");
    }

    @Test
    void knownFieldWithAContainerValueIsSkippedWholeNotReadAsSiblings() throws Exception {
        // "value" and "quality" holding an object or array are simply not valid values; their contents must not be
        // taken as fields of the reading, and the reading count and indexes must not shift
        GatewayMessage m = parse("""
                {"schema": "dcmon.readings/1", "gateway": "GW01", "readings": [
                  {"point": "A", "ts": "2026-11-24T10:15:00+08:00", "value": {"v": 5}},
                  {"point": "B", "ts": "2026-11-24T10:15:00+08:00", "quality": {"value": 99}, "value": 7},
                  {"point": {"id": "X"}, "ts": ["2026-11-24T10:15:00+08:00"], "value": [1]},
                  {"point": "D", "ts": "2026-11-24T10:15:00+08:00", "value": 8} ]}
                """);
        assertThat(m.readings()).hasSize(4);
        assertThat(m.readings().get(0).point()).isEqualTo("A");
        assertThat(m.readings().get(0).value()).isNaN();
        assertThat(m.readings().get(1)).isEqualTo(new RawReading("B", utc("2026-11-24T02:15:00Z"), 7, null));
        assertThat(m.readings().get(2)).isEqualTo(new RawReading(null, RawReading.NO_TS, Double.NaN, null));
        assertThat(m.readings().get(3)).isEqualTo(new RawReading("D", utc("2026-11-24T02:15:00Z"), 8, null));

        // the same at message level: a gateway given as an object is a schema problem, not trailing content
        PayloadParser.PayloadException e = failure(
                "{\"schema\": \"dcmon.readings/1\", \"gateway\": {\"id\": \"GW01\"}, \"seq\": [1], \"readings\": []}");
        assertThat(e.reason()).isEqualTo(RejectReason.WRONG_SCHEMA);
        assertThat(e).hasMessage("gateway missing or not a string");
    }
}
