package dcmon.monitoring;

import static dcmon.monitoring.TestRegistry.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertIds;
import dcmon.core.alert.AlertJson;
import dcmon.core.alert.RuleIds;
import dcmon.core.alert.Severity;
import dcmon.core.progress.ProductUsage;
import dcmon.core.progress.YearToDate;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Registry;
import dcmon.core.targets.RegionKey;
import dcmon.core.targets.Subject;
import dcmon.core.targets.SubjectLevel;
import dcmon.core.usage.UsageTotals;
import dcmon.influx.SeriesPoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegionProgressFunctionTest {
    static final long EVAL = at("2026-11-24T10:30:00+08:00");
    static Registry registry;

    private SwappableRegistry provider;
    private KeyedOneInputStreamOperatorTestHarness<String, ProgressShare, SeriesPoint> harness;

    @BeforeAll
    static void config() throws Exception {
        EnterpriseProgressFunctionTest.config();
        registry = EnterpriseProgressFunctionTest.registry;
    }

    @BeforeEach
    void open() throws Exception {
        provider = new SwappableRegistry(registry, TestRegistry.reference());
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new RegionProgressFunction(provider, EnterpriseProgressFunctionTest.settings(), Duration.ofDays(35)),
                ProgressShare::rollupKey,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void share(String enterprise, double ytdTce, long timestamp) throws Exception {
        Enterprise e = registry.enterprise(enterprise);
        UsageTotals ytd = TestTotals.of(ytdTce, ytdTce, ytdTce, 0, 0);
        YearToDate usage = new YearToDate(2026, ytd, ytd, List.of(YearMonth.of(2026, 11)), List.of());
        List<ProductUsage> products = ProductUsage.of(e, ytd);
        harness.processElement(new StreamRecord<>(
                ProgressShare.of(
                        "province", "420000", enterprise, usage, products, products, new UsageTotals(), 0, null),
                timestamp));
    }

    private List<SeriesPoint> rows() {
        return harness.extractOutputValues().stream()
                .filter(p ->
                        p.measurement().equals("region_progress") && !p.tags().containsKey("product"))
                .toList();
    }

    @Test
    void sumsItsMembersLatestSharesAgainstTheirSummedCaps() throws Exception {
        share(TestRegistry.STEEL, 900, EVAL);
        share(TestRegistry.CEMENT, 100, EVAL);
        share(TestRegistry.STEEL, 950, EVAL); // replaces the steel plant's first share
        harness.processWatermark(new Watermark(EVAL));

        assertThat(rows()).hasSize(1);
        SeriesPoint p = rows().get(0);
        assertThat(p.tags()).isEqualTo(Map.of("level", "province", "region", "420000", "year", "2026"));
        // the province has no target of its own: the cap is its units' caps summed, only the steel plant's 1000
        assertThat(p.fields())
                .containsEntry("ytd_tce", 1050.0)
                .containsEntry("cap_tce", 1000.0)
                .containsEntry("completion_pct", 105.0);
        assertThat((double) p.fields().get("projected_tce")).isCloseTo(1050 * 365 / 327.4375, within(1e-9));

        List<AlertEvent> events = harness.getSideOutput(Outputs.ALERTS).stream()
                .map(r -> {
                    try {
                        return AlertJson.read(new String(r.getValue().json, StandardCharsets.UTF_8));
                    } catch (Exception ex) {
                        throw new AssertionError(ex);
                    }
                })
                .toList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.rule()).isEqualTo(RuleIds.REGION_PROJECTION);
            assertThat(e.severity()).isEqualTo(Severity.WARNING);
            assertThat(e.id())
                    .isEqualTo(AlertIds.id(
                            RuleIds.REGION_PROJECTION,
                            Subject.region(new RegionKey(SubjectLevel.PROVINCE, "420000")),
                            "2026"));
        });
    }

    @Test
    void dropsTheShareOfAUnitThatLeftTheRegistry() throws Exception {
        share(TestRegistry.STEEL, 950, EVAL);
        share(TestRegistry.CEMENT, 100, EVAL);
        harness.processWatermark(new Watermark(EVAL));
        provider.swap(new Registry(List.of(registry.enterprise(TestRegistry.STEEL))));
        share(TestRegistry.STEEL, 960, EVAL + 900_000);
        harness.processWatermark(new Watermark(EVAL + 900_000));
        assertThat(rows()).last().satisfies(p -> assertThat(p.fields()).containsEntry("ytd_tce", 960.0));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3); // one share, one alert, the evaluation clock
    }
}
