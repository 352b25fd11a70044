package dcmon.core.targets;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.reference.ReferenceData;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.reference.RepoConfig;
import dcmon.core.registry.Registry;
import dcmon.core.registry.RegistryLoader;
import org.junit.jupiter.api.Test;

/** config/targets loads against the sample registry and covers every region. */
class SampleTargetsTest {
    @Test
    void coversTheProvinceEveryDivisionAndEveryTier() throws Exception {
        ReferenceData ref = ReferenceLoader.load(RepoConfig.referenceDir());
        Registry registry = RegistryLoader.load(RepoConfig.configDir().resolve("samples/hubei"), ref);
        RegionTargets t = TargetsLoader.load(RepoConfig.configDir().resolve("targets"), ref, registry);
        assertThat(t.targets().keySet()).hasSize(1 + 17 + 3);
        for (RegionKey region : t.targets().keySet()) {
            assertThat(t.explicit(region, 2026)).as(region.toString()).isNotNull();
            assertThat(Regions.target(t, registry, region, 2026).totalCapTce())
                    .as(region.toString())
                    .isPositive();
        }
        assertThat(t.capBasis(2025)).isEqualTo(CapBasis.GBT2589);
        assertThat(t.capBasis(2026)).isEqualTo(CapBasis.POLICY);
        // the province's cap is its units' sum in the sample
        RegionKey province = new RegionKey(SubjectLevel.PROVINCE, "420000");
        assertThat(t.explicit(province, 2026).totalCapTce())
                .isCloseTo(
                        Regions.derived(registry, province, 2026).totalCapTce(),
                        org.assertj.core.data.Offset.offset(1000.0));
    }
}
