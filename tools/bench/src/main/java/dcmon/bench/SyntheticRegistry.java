package dcmon.bench;

import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Baseline;
import dcmon.core.registry.CreditCode;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Role;
import dcmon.core.registry.Tier;
import dcmon.core.registry.YearTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An in-memory registry of national size, built with the core registry model exactly as
 * {@code RegistryLoader} would build it from YAML: valid credit codes, cities from the reference divisions,
 * energy keys and units from the reference energy table. Each gateway reports up to {@code pointsPerGateway}
 * points, so one message per gateway and quarter hour carries that many readings.
 *
 * <p>Beside the registry it keeps, per gateway, what the traffic generator needs: each point's starting
 * register value and its consumption per quarter hour (multiples of 1/4, so every sum is exact in binary).
 */
public final class SyntheticRegistry {
    /** What a point measures: energy key, unit, grade, role and kind, in the mix a typical plant has. */
    private record Meter(String energy, String unit, String grade, Role role, PointKind kind) {}

    /** One in twenty points of each kind: mostly electricity, then fuels, heat, a product counter. */
    private static final Meter[] MIX = {
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("natural-gas", "m3", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("natural-gas", "m3", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("raw-coal", "kg", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("raw-coal", "kg", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("steam", "t", "1.0MPa", Role.INPUT, PointKind.CUMULATIVE),
        new Meter("heat", "MJ", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("diesel", "kg", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter("coke", "kg", null, Role.FEEDSTOCK, PointKind.CUMULATIVE),
        new Meter("natural-gas", "m3", null, Role.INPUT, PointKind.INTERVAL),
        new Meter("heat", "MJ", null, Role.OUTPUT, PointKind.CUMULATIVE),
        new Meter("electricity", "kWh", null, Role.INPUT, PointKind.CUMULATIVE),
        new Meter(null, "t", null, Role.PRODUCT, PointKind.CUMULATIVE),
    };

    private static final String[] INDUSTRIES = {"C31", "C30", "C26", "C25", "C32", "C22", "D44", "C28"};
    private static final String PRODUCT = "main-product";
    /** Registers wrap far above anything a run reaches: the bench measures the normal path. */
    private static final double ROLLOVER = 1e12;

    /** The plan of one gateway: its topic and, per point, id, spec, start value and amount per quarter hour. */
    public record GatewayPlan(
            String enterprise, String gateway, String mqttTopic, Point[] points, double[] start, double[] perQuarter) {
        public int size() {
            return points.length;
        }
    }

    private final Registry registry;
    private final ReferenceData reference;
    private final List<GatewayPlan> gateways;
    private final int points;

    private SyntheticRegistry(Registry registry, ReferenceData reference, List<GatewayPlan> gateways, int points) {
        this.registry = registry;
        this.reference = reference;
        this.gateways = gateways;
        this.points = points;
    }

    /**
     * @param enterprises      number of enterprises
     * @param points           number of points, spread evenly over the enterprises
     * @param pointsPerGateway points per gateway (= readings per message)
     * @param seed             seed of the consumption rates
     */
    public static SyntheticRegistry build(
            ReferenceData ref, int enterprises, int points, int pointsPerGateway, long seed) {
        if (enterprises < 1 || points < enterprises || pointsPerGateway < 1) {
            throw new IllegalArgumentException("need enterprises >= 1, points >= enterprises, points per gateway >= 1");
        }
        List<String> cities = ref.divisions().keySet().stream()
                .filter(c -> !c.equals(ref.province()))
                .sorted()
                .toList();
        SplittableRandom random = new SplittableRandom(seed);
        List<Enterprise> list = new ArrayList<>(enterprises);
        List<GatewayPlan> plans = new ArrayList<>();
        for (int e = 0; e < enterprises; e++) {
            int count = points / enterprises + (e < points % enterprises ? 1 : 0);
            String city = cities.get(e % cities.size());
            String code = creditCode(city, e);
            Tier tier = e % 50 == 0 ? Tier.HUNDRED : e % 10 == 0 ? Tier.THOUSAND : Tier.TEN_THOUSAND;
            List<Gateway> gws = new ArrayList<>();
            List<Point> pts = new ArrayList<>(count);
            for (int g = 0; g * pointsPerGateway < count; g++) {
                String gw = "GW" + (g + 1);
                gws.add(new Gateway(gw));
                int n = Math.min(pointsPerGateway, count - g * pointsPerGateway);
                Point[] gp = new Point[n];
                double[] start = new double[n];
                double[] perQuarter = new double[n];
                for (int i = 0; i < n; i++) {
                    int k = g * pointsPerGateway + i;
                    Meter m = MIX[k % MIX.length];
                    // 1 .. 2500 units per quarter hour, on a 1/4 grid
                    perQuarter[i] = (1 + random.nextInt(10_000)) / 4.0;
                    start[i] = random.nextInt(4_000_000) / 4.0;
                    gp[i] = new Point(
                            String.format("M%05d", k),
                            gw,
                            m.energy,
                            m.grade,
                            m.unit,
                            m.kind,
                            m.kind == PointKind.CUMULATIVE ? ROLLOVER : 0,
                            m.role,
                            m.role == Role.PRODUCT ? PRODUCT : null,
                            perQuarter[i] * 4 * 5,
                            Point.DEFAULT_PERIOD_MINUTES,
                            false,
                            null);
                    pts.add(gp[i]);
                }
                plans.add(new GatewayPlan(code, gw, dcmon.core.Topics.readingsTopic(code, gw), gp, start, perQuarter));
            }
            double baseline = tier == Tier.HUNDRED ? 3_500_000 : tier == Tier.THOUSAND ? 800_000 : 20_000;
            list.add(new Enterprise(
                    code,
                    "合成用能单位" + e,
                    city,
                    tier,
                    INDUSTRIES[e % INDUSTRIES.length],
                    new Baseline(2015, baseline),
                    List.of(new Product(PRODUCT, "t", 500.0)),
                    List.of(new YearTarget(2026, baseline * 0.95, List.of())),
                    gws,
                    pts));
        }
        return new SyntheticRegistry(new Registry(list), ref, List.copyOf(plans), points);
    }

    /** A valid unified social credit code: 91 (enterprise), the city, a 9-character number, the check character. */
    static String creditCode(String city, int n) {
        StringBuilder org = new StringBuilder();
        for (int i = 0, v = n; i < 9; i++, v /= CreditCode.CHARSET.length())
            org.append(CreditCode.CHARSET.charAt(v % CreditCode.CHARSET.length()));
        String first17 = "91" + city + org.reverse();
        return first17 + CreditCode.checkChar(first17);
    }

    public Registry registry() {
        return registry;
    }

    public ReferenceData reference() {
        return reference;
    }

    public List<GatewayPlan> gateways() {
        return gateways;
    }

    public int points() {
        return points;
    }

    public int enterprises() {
        return registry.size();
    }
}
