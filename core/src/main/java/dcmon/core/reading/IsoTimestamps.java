package dcmon.core.reading;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses a reading's {@code ts}: ISO-8601 with an explicit offset, as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
 * reads it. Every reading has one, so the common shape — {@code 2026-11-24T10:15:00+08:00}, with optional
 * fraction, {@code Z} or {@code ±HH:MM} — is read directly from the parser's characters without allocating;
 * anything else, valid or not, goes to the formatter, which stays the definition of what is accepted.
 */
public final class IsoTimestamps {
    private IsoTimestamps() {}

    /** @return epoch millis, or {@link RawReading#NO_TS} when not an ISO date-time with offset */
    static long parse(char[] c, int off, int len) {
        long fast = fast(c, off, len);
        return fast != RawReading.NO_TS ? fast : slow(new String(c, off, len));
    }

    /** @return epoch millis, or {@link RawReading#NO_TS} when not an ISO date-time with offset */
    public static long parse(String s) {
        char[] c = s.toCharArray();
        return parse(c, 0, c.length);
    }

    static long slow(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // ArithmeticException: a valid date-time whose instant has no epoch millisecond (years beyond about
            // ±292 million); thrown on, it would fail the job on every replay of the message
            return RawReading.NO_TS;
        }
    }

    /** The common shape only; NO_TS means "not handled here", never "invalid". */
    private static long fast(char[] c, int o, int len) {
        // yyyy-MM-ddTHH:mm:ss is 19 characters, the shortest offset (Z) one more
        if (len < 20 || c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':')
            return RawReading.NO_TS;
        int year = digits(c, o, 4);
        int month = digits(c, o + 5, 2);
        int day = digits(c, o + 8, 2);
        int hour = digits(c, o + 11, 2);
        int minute = digits(c, o + 14, 2);
        int second = digits(c, o + 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > monthLength(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) return RawReading.NO_TS;
        int i = o + 19;
        int end = o + len;
        long nanos = 0;
        if (c[i] == '.') {
            int digits = 0;
            i++;
            while (i < end && c[i] >= '0' && c[i] <= '9' && digits < 9) {
                nanos = nanos * 10 + (c[i++] - '0');
                digits++;
            }
            if (digits == 0) return RawReading.NO_TS;
            for (int k = digits; k < 9; k++) nanos *= 10;
        }
        int offsetSeconds;
        if (i == end - 1 && c[i] == 'Z') {
            offsetSeconds = 0;
        } else if (i == end - 6 && (c[i] == '+' || c[i] == '-') && c[i + 3] == ':') {
            int oh = digits(c, i + 1, 2);
            int om = digits(c, i + 4, 2);
            if (oh < 0 || oh > 17 || om < 0 || om > 59) return RawReading.NO_TS;
            offsetSeconds = (c[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return RawReading.NO_TS;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + nanos / 1_000_000;
    }

    /** Non-negative value of {@code n} ASCII digits, or -1. */
    private static int digits(char[] c, int at, int n) {
        int v = 0;
        for (int k = at; k < at + n; k++) {
            char ch = c[k];
            if (ch < '0' || ch > '9') return -1;
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
