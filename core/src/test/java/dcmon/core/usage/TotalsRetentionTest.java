package dcmon.core.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.calendar.Period;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class TotalsRetentionTest {
    private static long at(String iso) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    }

    private static long key(Period period, String start) {
        return UsageKeys.key(period, at(start));
    }

    @Test
    void pruningRunsAnHourAfterTheNextShanghaiMidnight() {
        assertThat(TotalsRetention.nextPruneTime(at("2026-11-24T10:31:00+08:00")))
                .isEqualTo(at("2026-11-25T01:00:00+08:00"));
        // 23:30 UTC is already the next Shanghai day
        assertThat(TotalsRetention.nextPruneTime(at("2026-11-24T23:30:00Z")))
                .isEqualTo(at("2026-11-26T01:00:00+08:00"));
    }

    @Test
    void theHorizonIsTheLatenessAndADayBeforeThePrune() {
        long prune = at("2026-12-30T01:00:00+08:00");
        assertThat(TotalsRetention.horizon(prune, 35L * 86_400_000L)).isEqualTo(at("2026-11-24T01:00:00+08:00"));
    }

    @Test
    void quartersAndDaysGoBeforeTheHorizonsDayMonthsAfterAYearYearsAfterTwo() {
        long horizon = at("2026-11-24T01:00:00+08:00");
        List<Long> keys = List.of(
                key(Period.QUARTER, "2026-11-23T23:45:00+08:00"), // the day before the horizon's: goes
                key(Period.QUARTER, "2026-11-24T00:00:00+08:00"), // the horizon's day: stays
                key(Period.DAY, "2026-11-23T00:00:00+08:00"), // goes
                key(Period.DAY, "2026-11-24T00:00:00+08:00"), // stays
                key(Period.MONTH, "2025-10-01T00:00:00+08:00"), // thirteen months before the horizon's: goes
                key(Period.MONTH, "2025-11-01T00:00:00+08:00"), // twelve: stays
                key(Period.YEAR, "2024-01-01T00:00:00+08:00"), // goes
                key(Period.YEAR, "2025-01-01T00:00:00+08:00")); // stays
        assertThat(TotalsRetention.expired(keys, horizon))
                .containsExactly(keys.get(0), keys.get(2), keys.get(4), keys.get(6));
    }

    @Test
    void nothingExpiresOfNothing() {
        assertThat(TotalsRetention.expired(List.of(), at("2026-11-24T01:00:00+08:00")))
                .isEmpty();
    }
}
