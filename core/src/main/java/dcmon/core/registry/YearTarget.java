package dcmon.core.registry;

import java.io.Serializable;
import java.util.List;

/** Dual-control targets of one enterprise for one year. */
public record YearTarget(int year, double totalCapTce, List<IntensityTarget> intensity) implements Serializable {
    public YearTarget {
        intensity = List.copyOf(intensity);
    }
}
