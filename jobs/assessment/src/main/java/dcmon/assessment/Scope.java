package dcmon.assessment;

import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Tier;
import java.util.Map;

/**
 * Which units an export covers: the whole province, one division ({@code city:420500}) or one tier
 * ({@code tier:thousand}).
 */
public record Scope(Kind kind, String code) {

    public enum Kind {
        PROVINCE,
        CITY,
        TIER
    }

    public static final Scope PROVINCE = new Scope(Kind.PROVINCE, null);

    /**
     * Parses {@code province}, {@code city:<division code>} or {@code tier:<hundred|thousand|ten-thousand>}.
     *
     * @param divisions division code to name, to reject unknown divisions
     * @throws IllegalArgumentException with a message for the user
     */
    public static Scope parse(String text, Map<String, String> divisions) {
        if (text == null || text.isBlank() || text.equals("province")) return PROVINCE;
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String code = colon < 0 ? "" : text.substring(colon + 1);
        switch (kind) {
            case "city" -> {
                if (!divisions.containsKey(code) || code.endsWith("0000")) {
                    throw new IllegalArgumentException("unknown division '" + code + "' in scope '" + text
                            + "': use one of the province's division codes, e.g. city:420500");
                }
                return new Scope(Kind.CITY, code);
            }
            case "tier" -> {
                if (Tier.ofCode(code) == null) {
                    throw new IllegalArgumentException("unknown tier '" + code + "' in scope '" + text
                            + "': use hundred, thousand or ten-thousand");
                }
                return new Scope(Kind.TIER, code);
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown scope '" + text
                                + "': use province, city:<division code> (e.g. city:420500) or tier:<hundred|thousand|ten-thousand>");
        }
    }

    public boolean contains(Enterprise e) {
        return switch (kind) {
            case PROVINCE -> true;
            case CITY -> code.equals(e.city());
            case TIER -> e.tier() != null && code.equals(e.tier().code());
        };
    }

    /** Whether the whole of a region (level {@code city}, {@code tier} or {@code province}) lies in this scope. */
    public boolean covers(String level, String region) {
        return switch (kind) {
            case PROVINCE -> true;
            case CITY -> level.equals("city") && code.equals(region);
            case TIER -> level.equals("tier") && code.equals(region);
        };
    }

    /** {@code province}, {@code city-420500} or {@code tier-thousand}: safe in file names. */
    public String key() {
        return kind == Kind.PROVINCE ? "province" : kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + code;
    }

    @Override
    public String toString() {
        return kind == Kind.PROVINCE ? "province" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + code;
    }
}
