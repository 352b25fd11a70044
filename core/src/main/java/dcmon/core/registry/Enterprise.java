package dcmon.core.registry;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A key energy-using unit (重点用能单位) as registered. */
public record Enterprise(
        String code,
        String name,
        String city,
        Tier tier,
        String industry,
        Baseline baseline,
        List<Product> products,
        List<YearTarget> targets,
        List<Gateway> gateways,
        List<Point> points) implements Serializable {

    public Enterprise {
        products = List.copyOf(products);
        targets = List.copyOf(targets);
        gateways = List.copyOf(gateways);
        points = PointList.of(points);
    }

    /** @return the point with this id, or null */
    public Point point(String id) {
        return ((PointList) points).byId(id);
    }

    public boolean hasGateway(String id) {
        for (Gateway g : gateways) if (g.id().equals(id)) return true;
        return false;
    }

    /** Points by id, in registry order. */
    public Map<String, Point> pointsById() {
        Map<String, Point> m = new LinkedHashMap<>();
        for (Point p : points) m.put(p.id(), p);
        return m;
    }

    /** @return the target for that year, or null */
    public YearTarget target(int year) {
        for (YearTarget t : targets) if (t.year() == year) return t;
        return null;
    }
}
