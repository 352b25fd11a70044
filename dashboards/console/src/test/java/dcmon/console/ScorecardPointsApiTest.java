package dcmon.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dcmon.assessment.QualitativeTopic;
import dcmon.console.auth.Role;
import dcmon.console.auth.Users;
import dcmon.console.dashboard.Colours;
import dcmon.console.http.ConsoleApp;
import dcmon.console.names.Names;
import dcmon.console.scorecard.PointsPublisher;
import dcmon.core.Topics;
import dcmon.core.registry.Enterprise;
import dcmon.stack.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorecard page's API: the province enters points within the rules' bounds, each change audited and published
 * to the compacted topic; a city office reads its division's; a unit and an admin are refused.
 */
class ScorecardPointsApiTest extends PostgresTestBase {
    private static final String PASSWORD = "correct horse battery";
    private static final String YICHANG = "420500";
    private static final int YEAR = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();

    @TempDir
    static Path tmp;

    private static EmbeddedKafka kafka;
    private static PointsPublisher publisher;
    private static ConsoleApp app;
    private static int port;
    private static Enterprise yichang;
    private static Enterprise elsewhere;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"), 0);
        Names names = DashboardTestBase.hubeiNames();
        yichang = names.units().stream()
                .filter(e -> e.city().equals(YICHANG))
                .min((a, b) -> a.code().compareTo(b.code()))
                .orElseThrow();
        elsewhere = names.units().stream()
                .filter(e -> !e.city().equals(YICHANG))
                .findFirst()
                .orElseThrow();
        Users users = new Users(db);
        users.add("test", "prov", Role.PROVINCE, null, null, PASSWORD);
        users.add("test", "yichang", Role.CITY, YICHANG, null, PASSWORD);
        users.add("test", "unit", Role.ENTERPRISE, YICHANG, yichang.code(), PASSWORD);
        users.add("test", "admin", Role.ADMIN, null, null, PASSWORD);
        publisher = new PointsPublisher(kafka.bootstrapServers(), Map.of());
        app = ConsoleApp.start(
                db,
                null,
                null,
                null,
                Colours.defaults(),
                () -> names,
                publisher,
                ConsoleSettings.defaults(),
                "127.0.0.1",
                0);
        port = app.port();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (publisher != null) publisher.close();
        if (kafka != null) kafka.close();
    }

    private static String path(Enterprise e) {
        return "/api/scorecard/points/" + YEAR + "/" + e.code();
    }

    private static JsonNode item(JsonNode list, String code) {
        for (JsonNode i : list.get("items")) if (i.get("enterprise").asText().equals(code)) return i;
        return null;
    }

    /** The topic's records in order, as key and value text (empty for a removal). */
    private static List<String> topic() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.SCORECARD_QUALITATIVE, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            while (c.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.key() + " " + new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Test
    void theProvinceEntersCorrectsAndRemovesPointsEachChangeAuditedAndPublished() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        ApiClient.Response set = prov.send("PUT", path(yichang), "{\"points\": 42.5, \"comment\": \"节能措施落实\"}", true);
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("points").asDouble()).isEqualTo(42.5);
        assertThat(set.json().get("updated_by").asText()).isEqualTo("prov");
        assertThat(prov.send("PUT", path(yichang), "{\"points\": 50}", true).status())
                .isEqualTo(200);

        JsonNode list = prov.get("/api/scorecard/points?year=" + YEAR).json();
        assertThat(list.get("max").asDouble()).isEqualTo(50.0);
        assertThat(list.get("editable").asBoolean()).isTrue();
        assertThat(item(list, yichang.code()).get("points").asDouble()).isEqualTo(50.0);
        assertThat(item(list, yichang.code()).get("comment").isNull()).isTrue();
        // units without points are listed with empty points (another test of this class gives some to elsewhere)
        for (JsonNode i : list.get("items")) {
            String code = i.get("enterprise").asText();
            if (!code.equals(yichang.code()) && !code.equals(elsewhere.code())) {
                assertThat(i.get("points").isNull()).as(code).isTrue();
            }
        }
        assertThat(list.get("items"))
                .hasSize(DashboardTestBase.hubeiNames().units().size());

        JsonNode trail = prov.get(path(yichang) + "/changes").json().get("items");
        assertThat(trail).hasSize(2);
        assertThat(trail.get(0).get("old_points").isNull()).isTrue();
        assertThat(trail.get(0).get("new_points").asDouble()).isEqualTo(42.5);
        assertThat(trail.get(0).get("comment").asText()).isEqualTo("节能措施落实");
        assertThat(trail.get(1).get("old_points").asDouble()).isEqualTo(42.5);
        assertThat(trail.get(1).get("new_points").asDouble()).isEqualTo(50.0);

        String key = QualitativeTopic.key(YEAR, yichang.code());
        List<String> records =
                topic().stream().filter(r -> r.startsWith(key + " ")).toList();
        assertThat(records).hasSize(2);
        JsonNode last = new ObjectMapper().readTree(records.get(1).substring(key.length() + 1));
        assertThat(last.get("schema").asText()).isEqualTo("dcmon.qualitative/1");
        assertThat(last.get("points").asDouble()).isEqualTo(50.0);
        assertThat(last.get("by").asText()).isEqualTo("prov");

        ApiClient.Response removed = prov.send("DELETE", path(yichang), null, true);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(prov.send("DELETE", path(yichang), null, true).status()).isEqualTo(404);
        assertThat(topic().stream().filter(r -> r.startsWith(key + " ")).toList())
                .last()
                .isEqualTo(key + " ");
        assertThat(count("SELECT count(*) FROM qualitative_point_changes WHERE enterprise = ?", yichang.code()))
                .isEqualTo(3);
        // the trail is append-only
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        count("WITH d AS (DELETE FROM qualitative_point_changes RETURNING 1) SELECT count(*) FROM d"))
                .hasMessageContaining("append-only");
    }

    @Test
    void pointsOutsideTheRulesBoundsAndUnknownUnitsAreRefusedAndNothingStored() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        Map<String, String> refused = new HashMap<>();
        refused.put("{\"points\": 50.5}", "points: must be a number from 0 to 50, was 50.5");
        refused.put("{\"points\": -1}", "points: must be a number from 0 to 50, was -1");
        refused.put("{\"points\": \"40\"}", "points: must be a number from 0 to 50, was \"40\"");
        refused.put("{}", "points is required");
        refused.put("not json", "the body is not JSON");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            ApiClient.Response a = prov.send("PUT", path(elsewhere), r.getKey(), true);
            assertThat(a.status()).as(r.getKey()).isEqualTo(400);
            assertThat(a.json().get("message").asText()).as(r.getKey()).isEqualTo(r.getValue());
        }
        ApiClient.Response future =
                prov.send("PUT", "/api/scorecard/points/2999/" + elsewhere.code(), "{\"points\": 1}", true);
        assertThat(future.status()).isEqualTo(400);
        assertThat(future.json().get("message").asText()).startsWith("year: YYYY from 2000 to " + YEAR);
        assertThat(prov.send("PUT", "/api/scorecard/points/" + YEAR + "/NOT-A-UNIT", "{\"points\": 1}", true)
                        .status())
                .isEqualTo(404);
        assertThat(prov.send("PUT", path(elsewhere), "{\"points\": 1}", false).status())
                .isEqualTo(403);
        assertThat(count("SELECT count(*) FROM qualitative_point_changes WHERE enterprise = ?", elsewhere.code()))
                .isZero();
        assertThat(count("SELECT count(*) FROM qualitative_points WHERE enterprise = ?", elsewhere.code()))
                .isZero();
    }

    @Test
    void aCityReadsItsDivisionsPointsOnlyAndAUnitAndAnAdminAreRefused() throws Exception {
        ApiClient prov = ApiClient.loggedIn(port, "prov", PASSWORD);
        assertThat(prov.send("PUT", path(elsewhere), "{\"points\": 30}", true).status())
                .isEqualTo(200);
        ApiClient city = ApiClient.loggedIn(port, "yichang", PASSWORD);
        JsonNode list = city.get("/api/scorecard/points?year=" + YEAR).json();
        assertThat(list.get("editable").asBoolean()).isFalse();
        assertThat(list.get("items"))
                .isNotEmpty()
                .allMatch(i -> i.get("city").asText().equals(YICHANG));
        assertThat(item(list, elsewhere.code())).isNull();
        ApiClient.Response write = city.send("PUT", path(yichang), "{\"points\": 30}", true);
        assertThat(write.status()).isEqualTo(403);
        assertThat(city.get(path(elsewhere) + "/changes").status()).isEqualTo(404);
        assertThat(city.get(path(yichang) + "/changes").status()).isEqualTo(200);
        for (String user : List.of("unit", "admin")) {
            ApiClient c = ApiClient.loggedIn(port, user, PASSWORD);
            assertThat(c.get("/api/scorecard/points").status()).as(user).isEqualTo(403);
            assertThat(c.send("PUT", path(yichang), "{\"points\": 30}", true).status())
                    .as(user)
                    .isEqualTo(403);
        }
        assertThat(count("SELECT count(*) FROM qualitative_points WHERE enterprise = ?", yichang.code()))
                .isZero();
    }
}
