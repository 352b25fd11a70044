package dcmon.influx;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * InfluxDB line protocol for {@link SeriesPoint}s, with times in milliseconds (write with {@code precision=ms}).
 *
 * <p>Written here rather than through influxdb-java's {@code Point}: that copies every point into maps of its
 * own and formats each number with a {@code DecimalFormat}, which took more CPU than the job's own work per
 * row. Numbers are written as the shortest text that reads back as the same double, so values arrive bit for bit
 * (InfluxDB reads the exponent form, e.g. {@code 1.0E-5}, too). Jackson's Schubfach writer makes it: the format of
 * {@link Double#toString(double)}, which on Java 17 took a third of the writer's time and is not always shortest.
 */
public final class LineProtocol {
    private LineProtocol() {}

    /** Appends one line, ending with a newline. */
    public static void append(StringBuilder out, SeriesPoint point) {
        escape(out, point.measurement(), false);
        for (int i = 0; i < point.tagCount(); i++) {
            out.append(',');
            escape(out, point.tagKey(i), true);
            out.append('=');
            escape(out, point.tagValue(i), true);
        }
        for (int i = 0; i < point.fieldCount(); i++) {
            out.append(i == 0 ? ' ' : ',');
            escape(out, point.fieldName(i), true);
            out.append('=');
            Object value = point.fieldValue(i);
            if (value instanceof Double d) {
                out.append(NumberOutput.toString(d.doubleValue(), true));
            } else if (value instanceof Long l) {
                out.append(l.longValue()).append('i');
            } else if (value instanceof Boolean b) {
                out.append(b.booleanValue());
            } else {
                quoted(out, (String) value);
            }
        }
        out.append(' ').append(point.timeMillis()).append('\n');
    }

    /** Lines of all points. */
    public static String of(Iterable<SeriesPoint> points) {
        StringBuilder out = new StringBuilder(4096);
        for (SeriesPoint p : points) append(out, p);
        return out.toString();
    }

    /**
     * Measurements escape commas and spaces; tag keys, tag values and field names also equals signs. Names and ids
     * rarely hold one: such a string is appended whole, not char by char (which was a third of the writer's time).
     */
    private static void escape(StringBuilder out, String s, boolean equalsToo) {
        int first = 0;
        while (first < s.length() && !needsEscape(s.charAt(first), equalsToo)) first++;
        if (first == s.length()) {
            out.append(s);
            return;
        }
        out.append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (needsEscape(c, equalsToo)) out.append('\\');
            out.append(c);
        }
    }

    private static boolean needsEscape(char c, boolean equalsToo) {
        return c == ',' || c == ' ' || (equalsToo && c == '=');
    }

    /** String field values: in double quotes, with quotes and backslashes escaped. */
    private static void quoted(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\');
            out.append(c);
        }
        out.append('"');
    }
}
