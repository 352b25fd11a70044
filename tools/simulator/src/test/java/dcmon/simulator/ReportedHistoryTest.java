package dcmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.progress.YearToDate;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import dcmon.core.registry.ReportedMonth;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportedHistoryTest {
    static final long FROM = ShanghaiCalendar.startOf(LocalDate.of(2026, 12, 2));
    /** Reports January and February itself, in thousand.yaml. */
    static final String CEMENT = "91420202MA4BD3K2PM";

    @Test
    void everyUnitGetsTheMonthsBeforeTheSimulationAtItsTypicalRateAndKeepsWhatItReportedItself(@TempDir Path dir)
            throws Exception {
        var months =
                ReportedHistory.months(Fixtures.REGISTRY, Fixtures.REFERENCE, 1, FROM, Map.of(CEMENT, 2.0), Map.of());
        assertThat(months).hasSize(Fixtures.REGISTRY.size());
        assertThat(months.get(CEMENT))
                .extracting(ReportedHistory.Month::month)
                .containsExactly(
                        YearMonth.of(2026, 1),
                        YearMonth.of(2026, 2),
                        YearMonth.of(2026, 3),
                        YearMonth.of(2026, 4),
                        YearMonth.of(2026, 5),
                        YearMonth.of(2026, 6),
                        YearMonth.of(2026, 7),
                        YearMonth.of(2026, 8),
                        YearMonth.of(2026, 9),
                        YearMonth.of(2026, 10),
                        YearMonth.of(2026, 11));

        ReportedHistory.writeRegistry(Fixtures.REGISTRY_DIR, dir, months);
        Registry written = RegistryLoader.load(dir, Fixtures.REFERENCE);
        assertThat(written.size()).isEqualTo(Fixtures.REGISTRY.size());
        Enterprise cement = written.enterprise(CEMENT);
        List<ReportedMonth> reported = cement.reportedMonths();
        assertThat(reported).hasSize(11);
        // its own January stays as it reported it
        assertThat(reported.get(0).month()).isEqualTo(YearMonth.of(2026, 1));
        assertThat(reported.get(0).tce()).isEqualTo(130270.0);
        // March at twice its typical rate: the baseline's 1,600,000 tce a year, over March's 744 hours, doubled
        ReportedMonth march = reported.stream()
                .filter(r -> r.month().equals(YearMonth.of(2026, 3)))
                .findFirst()
                .orElseThrow();
        assertThat(march.tce()).isEqualTo((double) Math.round(2 * 1_600_000.0 / 8760 * 744));
        assertThat(march.output()).containsKey("clinker");

        // a unit at its typical rate: eleven months make 334/365 of its baseline year
        Enterprise other = written.enterprises().stream()
                .filter(e -> !e.code().equals(CEMENT) && e.baseline() != null)
                .filter(e ->
                        Fixtures.REGISTRY.enterprise(e.code()).reportedMonths().isEmpty())
                .findFirst()
                .orElseThrow();
        YearToDate ytd = YearToDate.of(2026, FROM, Map.of(), other.reportedMonths());
        double want = other.baseline().consumptionTce() * 334 / 365.0;
        assertThat(ytd.ytd().tce).isCloseTo(want, within(11 * 0.5)); // each month rounded to whole tce
        assertThat(ytd.reported()).hasSize(11);
    }
}
