package dcmon.core.registry;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An enterprise's points: an immutable list in registry order that also finds a point by id in constant time.
 * Every reading looks its point up, and a large unit has hundreds of points, so a scan would not do.
 */
final class PointList extends AbstractList<Point> implements RandomAccess, Serializable {
    private final Point[] points;
    private final Map<String, Point> byId;

    private PointList(Point[] points) {
        this.points = points;
        this.byId = new HashMap<>(points.length * 2);
        // the first of duplicate ids wins, as a scan in registry order would find it
        for (Point p : points) byId.putIfAbsent(p.id(), p);
    }

    static PointList of(List<Point> points) {
        if (points instanceof PointList list) return list;
        Point[] array = points.toArray(new Point[0]);
        for (Point p : array) Objects.requireNonNull(p, "point");
        return new PointList(array);
    }

    /** @return the point with this id, or null */
    Point byId(String id) {
        return byId.get(id);
    }

    @Override
    public Point get(int index) {
        return points[index];
    }

    @Override
    public int size() {
        return points.length;
    }
}
