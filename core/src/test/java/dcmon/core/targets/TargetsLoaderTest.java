package dcmon.core.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dcmon.core.config.ConfigException;
import dcmon.core.registry.Baseline;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import dcmon.core.registry.IntensityTarget;
import dcmon.core.registry.Level;
import dcmon.core.registry.Product;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoaderTestAccess;
import dcmon.core.registry.Tier;
import dcmon.core.registry.YearTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsLoaderTest {
    static final Registry REGISTRY = new Registry(List.of(
            unit(
                    "91430111MA4L41YT1U",
                    "420100",
                    Tier.HUNDRED,
                    new YearTarget(2026, new Level(3_300_000, 3_200_000.0), Level.of(8_000_000), List.of(), List.of())),
            unit("91350200776049653A", "420100", Tier.TEN_THOUSAND, new YearTarget(2026, 100_000, List.of())),
            unit("91420200MA4L00001X", "420200", Tier.TEN_THOUSAND, new YearTarget(2025, 50_000, List.of()))));

    static Enterprise unit(String code, String city, Tier tier, YearTarget target) {
        return new Enterprise(
                code,
                code,
                city,
                tier,
                "C31",
                new Baseline(2015, 100_000),
                List.of(new Product("crude-steel", "t", 560)),
                List.of(target),
                List.of(new Gateway("GW01")),
                List.of());
    }

    // line numbers are part of the expected messages below: keep this text block stable
    static final String REGIONS = """
            verified: false
            regions:
              - level: province
                code: "420000"
                targets:
                  - { year: 2026, total_cap_tce: { basic: 190000000, incentive: 188000000 }, co2_cap_t: 400000000 }
              - { level: city, code: "420100", name: 武汉市, targets: [ { year: 2026, total_cap_tce: 30000000 } ] }
              - level: tier
                code: hundred
                targets:
                  - { year: 2026, intensity: [ { product: crude-steel, kgce_per_unit: 540 } ] }
            years:
              2025: { cap_basis: gbt2589 }
              2026: { cap_basis: policy }
            """;

    @TempDir
    Path dir;

    private RegionTargets load(String yaml) throws IOException, ConfigException {
        Files.writeString(dir.resolve("regions.yaml"), yaml);
        return TargetsLoader.load(dir, RegistryLoaderTestAccess.REF, REGISTRY);
    }

    private List<String> errors(String from, String to) throws IOException {
        assertThat(REGIONS).contains(from);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(REGIONS.replace(from, to)));
        assertThat(e).as("expected the targets to be rejected").isNotNull();
        return e.errors().stream()
                .map(x -> dir.relativize(Path.of(x.file())) + ":" + x.line() + ": " + x.field() + ": " + x.message())
                .toList();
    }

    @Test
    void loadsRegionTargetsAndTheCapBasisPerYear() throws Exception {
        RegionTargets t = load(REGIONS);
        RegionKey province = new RegionKey(SubjectLevel.PROVINCE, "420000");
        assertThat(t.explicit(province, 2026).totalCap()).isEqualTo(new Level(190_000_000, 188_000_000.0));
        assertThat(t.explicit(province, 2026).co2Cap()).isEqualTo(Level.of(400_000_000));
        assertThat(t.names())
                .containsEntry(province, "湖北省")
                .containsEntry(new RegionKey(SubjectLevel.TIER, "hundred"), "百家");
        assertThat(t.capBasis(2025)).isEqualTo(CapBasis.GBT2589);
        assertThat(t.capBasis(2026)).isEqualTo(CapBasis.POLICY);
        assertThat(t.capBasis(2027)).isEqualTo(CapBasis.GBT2589);
    }

    @Test
    void aRegionWithoutItsOwnCapGetsTheSumOfItsUnits() throws Exception {
        RegionTargets t = load(REGIONS);
        YearTarget wuhan = Regions.target(t, REGISTRY, new RegionKey(SubjectLevel.CITY, "420100"), 2026);
        assertThat(wuhan.totalCapTce()).isEqualTo(30_000_000); // its own
        YearTarget hundred = Regions.target(t, REGISTRY, new RegionKey(SubjectLevel.TIER, "hundred"), 2026);
        assertThat(hundred.totalCap()).isEqualTo(new Level(3_300_000, 3_200_000.0)); // derived, own intensity kept
        assertThat(hundred.intensity()).containsExactly(new IntensityTarget("crude-steel", 540, null));
        YearTarget tenThousand = Regions.target(t, REGISTRY, new RegionKey(SubjectLevel.TIER, "ten-thousand"), 2026);
        assertThat(tenThousand.totalCap()).isEqualTo(Level.of(100_000)); // one unit has no incentive level
        assertThat(tenThousand.co2Cap()).isNull();
        YearTarget huangshi = Regions.target(t, REGISTRY, new RegionKey(SubjectLevel.CITY, "420200"), 2026);
        assertThat(huangshi).isNull();
        assertThat(Regions.derived(REGISTRY, new RegionKey(SubjectLevel.PROVINCE, "420000"), 2026)
                        .totalCap())
                .isEqualTo(Level.of(3_400_000));
    }

    @Test
    void rejectsUnknownRegionCodes() throws IOException {
        assertThat(errors("code: \"420100\"", "code: \"420400\""))
                .containsExactly(
                        "regions.yaml:7: regions[1].code: unknown city code '420400'; allowed: 420100, 420200");
        assertThat(errors("code: hundred", "code: million"))
                .containsExactly(
                        "regions.yaml:9: regions[2].code: unknown tier code 'million'; allowed: hundred, thousand,"
                                + " ten-thousand");
        assertThat(errors("level: province", "level: county"))
                .containsExactly(
                        "regions.yaml:3: regions[0].level: unknown region level 'county'; allowed: province, city, tier");
    }

    @Test
    void rejectsAnUnknownCapBasis() throws IOException {
        assertThat(errors("cap_basis: policy", "cap_basis: net"))
                .containsExactly(
                        "regions.yaml:14: years.2026.cap_basis: unknown cap_basis 'net'; allowed: gbt2589 (the GB/T 2589"
                                + " total), policy (feedstock and green-certificate electricity deducted)");
        assertThat(errors("2026: {", "26: {"))
                .containsExactly(
                        "regions.yaml:14: years.26: '26' is not a year; write years as 4-digit numbers, e.g. 2026");
    }

    @Test
    void rejectsTargetsForUnknownProductsAndNegativeCaps() throws IOException {
        assertThat(errors("product: crude-steel", "product: clinker"))
                .containsExactly(
                        "regions.yaml:11: regions[2].targets[0].intensity[0].product: unknown product 'clinker': no unit in"
                                + " the registry declares it");
        assertThat(errors("total_cap_tce: 30000000", "total_cap_tce: -3"))
                .containsExactly(
                        "regions.yaml:7: regions[1].targets[0].total_cap_tce: must be greater than 0, found -3");
    }
}
