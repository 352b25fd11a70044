package dcmon.core.registry;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A key energy-using unit (重点用能单位) as registered.
 *
 * @param fiveYear       the five-year reduction block, or null
 * @param reportedMonths months whose figures the unit reported itself (before monitoring, or when down)
 */
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
        List<Point> points,
        FiveYearTarget fiveYear,
        List<ReportedMonth> reportedMonths)
        implements Serializable {

    public Enterprise {
        products = List.copyOf(products);
        reportedMonths = reportedMonths == null ? List.of() : List.copyOf(reportedMonths);
        targets = List.copyOf(targets);
        gateways = List.copyOf(gateways);
        points = PointList.of(points);
    }

    /** An enterprise without a five-year block or reported months. */
    public Enterprise(
            String code,
            String name,
            String city,
            Tier tier,
            String industry,
            Baseline baseline,
            List<Product> products,
            List<YearTarget> targets,
            List<Gateway> gateways,
            List<Point> points) {
        this(code, name, city, tier, industry, baseline, products, targets, gateways, points, null, List.of());
    }

    /** @return the declared product with this id, or null */
    public Product product(String id) {
        for (Product p : products) if (p.id().equals(id)) return p;
        return null;
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
