package dcmon.core.alert;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills message templates: {@code {name}} is replaced by its value; numbers are written with at most two
 * decimals and no trailing zeros (12.5, 10).
 */
public final class Messages {
    private Messages() {}

    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    public static String render(String template, Map<String, Object> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Object v = values.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "—" : text(v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public static String text(Object v) {
        if (v instanceof Double d) return number(d);
        if (v instanceof Float f) return number(f);
        return String.valueOf(v);
    }

    public static String number(double d) {
        if (!Double.isFinite(d)) return String.valueOf(d);
        BigDecimal b = BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return b.signum() == 0 ? "0" : b.toPlainString();
    }
}
