package dcmon.core.targets;

import java.io.Serializable;

/** A region: the province, a division (city level) or a tier, by its code. */
public record RegionKey(SubjectLevel level, String code) implements Serializable {
    public RegionKey {
        if (!level.isRegion()) throw new IllegalArgumentException("not a region level: " + level);
    }

    @Override
    public String toString() {
        return level.code() + ":" + code;
    }
}
