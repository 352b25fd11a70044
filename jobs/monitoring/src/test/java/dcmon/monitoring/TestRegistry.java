package dcmon.monitoring;

import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reference.EnergyType;
import dcmon.core.reference.ReferenceData;
import dcmon.core.registry.Baseline;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.Point;
import dcmon.core.registry.PointKind;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.Role;
import dcmon.core.registry.Tier;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A small registry built in code: one steel plant in Wuhan, one cement plant in Yichang. */
final class TestRegistry {
    private TestRegistry() {}

    static final String STEEL = "91430111MA4L41YT1U";
    static final String CEMENT = "91350200776049653A";

    /** electricity kWh, cumulative, wraps at 1,000,000, at most 10,000 kWh/h */
    static final Point ELEC = new Point(
            "E-MAIN-01",
            "GW01",
            "electricity",
            null,
            "kWh",
            PointKind.CUMULATIVE,
            1_000_000,
            Role.INPUT,
            null,
            10_000,
            15,
            false,
            null);
    /** coke kg, hourly interval amounts */
    static final Point COKE = new Point(
            "COKE-01", "GW01", "coke", null, "kg", PointKind.INTERVAL, 0, Role.INPUT, null, 50_000, 60, false, null);
    /** crude steel t, cumulative production counter */
    static final Point STEEL_OUT = new Point(
            "STEEL-OUT",
            "GW01",
            null,
            null,
            "t",
            PointKind.CUMULATIVE,
            10_000_000,
            Role.PRODUCT,
            "crude-steel",
            2_000,
            15,
            false,
            null);

    static final Point CEMENT_ELEC = new Point(
            "E-MAIN-01",
            "GW01",
            "electricity",
            null,
            "kWh",
            PointKind.CUMULATIVE,
            0,
            Role.INPUT,
            null,
            10_000,
            15,
            false,
            null);
    static final Point KILN_COAL = new Point(
            "KILN-COAL",
            "GW02",
            "raw-coal",
            null,
            "kg",
            PointKind.CUMULATIVE,
            0,
            Role.INPUT,
            null,
            100_000,
            15,
            false,
            null);

    static final double COKE_KGCE = 0.9714;
    static final double ELEC_KGCE = 0.1229;
    static final double EQUAL_VALUE_2026 = 0.300;
    static final double GRID_2023 = 0.5306;
    static final double COKE_TCO2_PER_KG = 0.0028604;

    static Registry registry() {
        Enterprise steel = new Enterprise(
                STEEL,
                "武汉示例钢铁有限公司",
                "420100",
                Tier.HUNDRED,
                "C31",
                new Baseline(2015, 3_450_000),
                List.of(new Product("crude-steel", "t", 560.0)),
                List.of(),
                List.of(new Gateway("GW01")),
                List.of(ELEC, COKE, STEEL_OUT));
        Enterprise cement = new Enterprise(
                CEMENT,
                "宜昌示例水泥有限公司",
                "420500",
                Tier.TEN_THOUSAND,
                "C30",
                new Baseline(2015, 120_000),
                List.of(),
                List.of(),
                List.of(new Gateway("GW01"), new Gateway("GW02")),
                List.of(CEMENT_ELEC, KILN_COAL));
        return new Registry(List.of(steel, cement));
    }

    static ReferenceData reference() {
        Map<String, EnergyType> energies = Map.of(
                "electricity",
                        new EnergyType("electricity", "电力", "kWh", ELEC_KGCE, 0, Map.of(), "GB/T 2589-2020", true),
                "coke",
                        new EnergyType(
                                "coke", "焦炭", "kg", COKE_KGCE, COKE_TCO2_PER_KG, Map.of(), "GB/T 2589-2020", true),
                "raw-coal",
                        new EnergyType("raw-coal", "原煤", "kg", 0.7143, 0.0019003, Map.of(), "GB/T 2589-2020", true));
        return new ReferenceData(
                energies,
                Map.of(2026, EQUAL_VALUE_2026),
                Map.of(2023, GRID_2023),
                Map.of("420000", "湖北省", "420100", "武汉市", "420500", "宜昌市"),
                "420000");
    }

    static RegistryProvider provider() {
        return RegistryProvider.fixed(registry(), reference());
    }

    static long at(String isoWithOffset) {
        return OffsetDateTime.parse(isoWithOffset).toInstant().toEpochMilli();
    }

    /** One message's accepted readings from (point, ISO ts with offset, value) triples, indexed in order. */
    static AcceptedReadings accepted(
            String enterprise, String gateway, long receivedAt, long seq, Object... pointTsValue) {
        int n = pointTsValue.length / 3;
        String[] points = new String[n];
        long[] ts = new long[n];
        double[] values = new double[n];
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            points[i] = (String) pointTsValue[3 * i];
            ts[i] = at((String) pointTsValue[3 * i + 1]);
            values[i] = ((Number) pointTsValue[3 * i + 2]).doubleValue();
            index[i] = i;
        }
        return new AcceptedReadings(enterprise, gateway, receivedAt, seq, index, points, ts, values);
    }
}
