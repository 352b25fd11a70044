package dcmon.core.reading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct path must read exactly what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} reads, and nothing else. */
class IsoTimestampsTest {

    private static void agrees(String s) {
        assertThat(IsoTimestamps.parse(s)).as(s).isEqualTo(IsoTimestamps.slow(s));
    }

    @Test
    void readsTheCommonShapesLikeTheFormatter() {
        assertThat(IsoTimestamps.parse("2026-11-24T10:15:00+08:00"))
                .isEqualTo(Instant.parse("2026-11-24T02:15:00Z").toEpochMilli());
        assertThat(IsoTimestamps.parse("2026-11-24T10:15:00.25Z"))
                .isEqualTo(Instant.parse("2026-11-24T10:15:00.250Z").toEpochMilli());
        for (String s : new String[] {
            "2026-11-24T10:15:00+08:00",
            "2026-11-24T10:15:00Z",
            "2026-11-24T10:15:00.123456789-03:30",
            "1969-12-31T23:59:59.999Z",
            "0000-01-01T00:00:00Z",
            "2024-02-29T00:00:00+00:00",
            "2100-12-31T23:59:59-00:00",
            "1970-01-01T00:00:00.5+01:00",
            "9999-12-31T23:59:59+17:59"
        }) {
            agrees(s);
        }
    }

    @Test
    void aDateTimeWhoseInstantHasNoEpochMillisecondIsNoTimestamp() {
        // valid ISO-8601 for the formatter, but beyond a long of milliseconds: it threw and failed the job
        assertThat(IsoTimestamps.parse("+999999999-12-31T23:59:59Z")).isEqualTo(RawReading.NO_TS);
        assertThat(IsoTimestamps.parse("-999999999-01-01T00:00:00+08:00")).isEqualTo(RawReading.NO_TS);
        // the largest year that still has one is read
        assertThat(IsoTimestamps.parse("+292278993-01-01T00:00:00Z"))
                .isEqualTo(Instant.parse("+292278993-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void leavesEverythingElseToTheFormatter() {
        for (String s : new String[] {
            "2026-11-24T10:15:00",
            "2026-11-24 10:15:00+08:00",
            "2026-11-24T10:15+08:00",
            "2026-11-24t10:15:00Z",
            "2023-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-04-31T00:00:00Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T23:60:00Z",
            "2026-11-24T23:59:60Z",
            "2026-11-24T10:15:00.Z",
            "2026-11-24T10:15:00.1234567891Z",
            "2026-11-24T10:15:00+18:00",
            "2026-11-24T10:15:00+18:01",
            "2026-11-24T10:15:00+08",
            "2026-11-24T10:15:00+0800",
            "2026-11-24T10:15:00+08:00:00",
            "+12026-11-24T10:15:00Z",
            "2026-11-24T10:15:00+08:00 ",
            "２０２６-11-24T10:15:00Z",
            "",
            "x",
            "2026-11-24T10:15:00z"
        }) {
            agrees(s);
        }
    }

    @Test
    void agreesOnRandomInstantsAndOffsets() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long millis = r.nextLong(-62_000_000_000_000L, 250_000_000_000_000L);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(r.nextInt(-17 * 3600, 17 * 3600) / 60 * 60);
            String s = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    Instant.ofEpochMilli(millis).atOffset(offset));
            agrees(s);
            assertThat(IsoTimestamps.parse(s)).isEqualTo(millis);
        }
    }
}
