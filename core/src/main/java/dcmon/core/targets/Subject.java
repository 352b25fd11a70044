package dcmon.core.targets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dcmon.core.registry.Enterprise;
import java.io.Serializable;

/**
 * What a progress figure or an alert is about, with the keys a console filters on. Fields that do not apply
 * are null (and written as null in JSON).
 *
 * @param code the subject's own code: credit code, division code or tier code; for a gateway or point
 *             {@code <credit code>/<id>}, since those ids are only unique within their enterprise
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Subject(
        @JsonProperty("level") SubjectLevel level,
        @JsonProperty("code") String code,
        @JsonProperty("enterprise") String enterprise,
        @JsonProperty("city") String city,
        @JsonProperty("tier") String tier,
        @JsonProperty("gateway") String gateway,
        @JsonProperty("point") String point)
        implements Serializable {

    public static Subject enterprise(Enterprise e) {
        return new Subject(SubjectLevel.ENTERPRISE, e.code(), e.code(), e.city(), tierCode(e), null, null);
    }

    public static Subject region(RegionKey region) {
        return switch (region.level()) {
            case CITY -> new Subject(SubjectLevel.CITY, region.code(), null, region.code(), null, null, null);
            case TIER -> new Subject(SubjectLevel.TIER, region.code(), null, null, region.code(), null, null);
            default -> new Subject(SubjectLevel.PROVINCE, region.code(), null, null, null, null, null);
        };
    }

    public static Subject gateway(Enterprise e, String gateway) {
        return new Subject(
                SubjectLevel.GATEWAY, e.code() + "/" + gateway, e.code(), e.city(), tierCode(e), gateway, null);
    }

    public static Subject point(Enterprise e, String point) {
        return new Subject(SubjectLevel.POINT, e.code() + "/" + point, e.code(), e.city(), tierCode(e), null, point);
    }

    /** An MQTT broker of the platform, by the name the bridges give it; no unit or region. */
    public static Subject broker(String name) {
        return new Subject(SubjectLevel.BROKER, name, null, null, null, null, null);
    }

    /** {@code level:code}, as hashed into alert ids. */
    public String key() {
        return level.code() + ":" + code;
    }

    private static String tierCode(Enterprise e) {
        return e.tier() == null ? null : e.tier().code();
    }
}
