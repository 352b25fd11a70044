package dcmon.assessment;

import dcmon.assessment.Table.Column;
import dcmon.assessment.Table.Kind;
import dcmon.assessment.Table.Row;
import dcmon.core.registry.Tier;
import java.util.Arrays;
import java.util.Map;

/**
 * Headings and labels in an export's language, for the builders of the monthly tables and of the scorecard: the
 * same column kinds, yes/no and scope names in both.
 */
abstract class Labels {
    final Lang lang;
    final Scope scope;
    private final Map<String, String> divisionNames;
    private final String province;

    Labels(Lang lang, Scope scope, Map<String, String> divisions, String provinceCode) {
        this.lang = lang;
        this.scope = scope;
        this.divisionNames = divisions;
        this.province = provinceCode;
    }

    String scopeLabel() {
        return switch (scope.kind()) {
            case PROVINCE -> lang.pick(divisionNames.getOrDefault(province, province), "province " + province);
            case CITY -> lang.pick(divisionNames.get(scope.code()), "city " + scope.code());
            case TIER -> lang.pick(Tier.ofCode(scope.code()).labelZh(), "tier " + scope.code());
        };
    }

    String yesNo(boolean b) {
        return lang.pick(b ? "是" : "否", b ? "true" : "false");
    }

    Row row(String item, String value) {
        return new Row(Arrays.asList(item, value), false);
    }

    Column text(String key, String zh) {
        return new Column(key, lang.pick(zh, key), Kind.TEXT);
    }

    Column amount(String key, String zh) {
        return new Column(key, lang.pick(zh, key), Kind.AMOUNT);
    }

    Column pct(String key, String zh) {
        return new Column(key, lang.pick(zh, key), Kind.PCT);
    }

    Column intensity(String key, String zh) {
        return new Column(key, lang.pick(zh, key), Kind.INTENSITY);
    }
}
