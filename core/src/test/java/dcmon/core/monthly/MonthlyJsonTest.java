package dcmon.core.monthly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonthlyJsonTest {
    static MonthlySnapshot snapshot(double tce) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("ytd_tce", tce);
        progress.put("months_measured", 11);
        progress.put("cap_basis", "gbt2589");
        progress.put("estimated", false);
        progress.put("pace_gap_pp", Double.NaN);
        return new MonthlySnapshot(
                "enterprise",
                "91420202MA4BD3K2PM",
                YearMonth.of(2026, 11),
                2,
                Map.of("tier", "thousand", "city", "420200"),
                Map.of("tce", tce, "output_clinker", 10.0),
                Map.of("tce", tce),
                progress,
                Map.of("clinker", Map.of("ytd_kgce_per_unit", 101.5)));
    }

    @Test
    void writesSortedKeysTheIdAndTheMonthsLastMillisecondAndReadsBackWholeNumbersAsLongs() throws Exception {
        MonthlySnapshot s = snapshot(950.0);
        String json = MonthlyJson.write(s);
        assertThat(json)
                .startsWith("{\"schema\":\"dcmon.monthly/1\",\"id\":\"enterprise:91420202MA4BD3K2PM|2026-11|r2\","
                        + "\"level\":\"enterprise\",\"code\":\"91420202MA4BD3K2PM\",\"month\":\"2026-11\","
                        + "\"revision\":2,\"as_of\":\"2026-11-30T23:59:59.999+08:00\","
                        + "\"tags\":{\"city\":\"420200\",\"tier\":\"thousand\"},"
                        + "\"month_totals\":{\"output_clinker\":10.0,\"tce\":950.0}")
                .doesNotContain("pace_gap_pp"); // not finite: left out
        MonthlySnapshot back = MonthlyJson.read(json);
        assertThat(back.key()).isEqualTo("enterprise:91420202MA4BD3K2PM|2026-11");
        assertThat(back.progress())
                .containsEntry("ytd_tce", 950.0)
                .containsEntry("months_measured", 11L)
                .containsEntry("estimated", false)
                .doesNotContainKey("pace_gap_pp");
        assertThat(back.products().get("clinker")).containsEntry("ytd_kgce_per_unit", 101.5);
        assertThat(MonthlyJson.write(back)).isEqualTo(json);
    }

    @Test
    void theContentHashIgnoresTheRevisionAndSummingNoiseButNotAChange() {
        long h = MonthlyJson.contentHash(snapshot(950.0));
        assertThat(MonthlyJson.contentHash(snapshot(950.0).withRevision(7))).isEqualTo(h);
        assertThat(MonthlyJson.contentHash(snapshot(950.0 + 0.1 - 0.1))).isEqualTo(h);
        assertThat(MonthlyJson.contentHash(snapshot(950.001))).isNotEqualTo(h);
    }

    @Test
    void refusesAnotherSchemaNamingIt() {
        assertThatThrownBy(() -> MonthlyJson.read("{\"schema\":\"dcmon.monthly/2\"}"))
                .hasMessage("schema is dcmon.monthly/2, expected dcmon.monthly/1");
        assertThatThrownBy(() -> MonthlyJson.read("{\"schema\":\"dcmon.monthly/1\",\"level\":\"city\"}"))
                .hasMessage("field code missing");
    }
}
