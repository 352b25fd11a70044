package dcmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private static void roundTrips(Faults f) {
        assertThat(Faults.parse(f.toString())).as(f.toString()).isEqualTo(f);
    }

    @Test
    void allSwitchesOnEveryFaultWithItsDefaultCount() {
        Faults all = Faults.parse("all");
        assertThat(all).isEqualTo(Faults.all());
        assertThat(all.amounts().keySet()).isEqualTo(EnumSet.allOf(FaultKind.class));
        assertThat(all.amount(FaultKind.DUPLICATE)).isEqualTo(Faults.Amount.count(3));
        assertThat(all.amount(FaultKind.REORDER)).isEqualTo(Faults.Amount.count(2));
        assertThat(all.amount(FaultKind.CONFLICT)).isEqualTo(Faults.Amount.count(2));
        assertThat(all.amount(FaultKind.BAD_TIMESTAMP)).isEqualTo(Faults.Amount.count(3));
        assertThat(all.amount(FaultKind.BAD_VALUE)).isEqualTo(Faults.Amount.count(3));
        assertThat(all.amount(FaultKind.WRONG_SCHEMA)).isEqualTo(Faults.Amount.count(3));
        assertThat(all.amount(FaultKind.OVERSIZED)).isEqualTo(Faults.Amount.count(1));
        assertThat(all.gapTicks()).isEqualTo(Faults.DEFAULT_GAP_TICKS);
        assertThat(all.toString()).startsWith("dup=3,reorder=2,gap=1,rollover=1,reset=1,conflict=2,");
        roundTrips(all);
    }

    @Test
    void noneIsEmptyAndPrintsAsNone() {
        Faults none = Faults.parse("none");
        assertThat(none.isNone()).isTrue();
        assertThat(none).isEqualTo(Faults.none());
        assertThat(none.toString()).isEqualTo("none");
        assertThat(Faults.parse("")).isEqualTo(none);
        assertThat(Faults.parse("all,none")).isEqualTo(none);
        roundTrips(none);
    }

    @Test
    void aListTakesDefaultCounts() {
        Faults f = Faults.parse("dup,reorder");
        assertThat(f.amounts())
                .isEqualTo(
                        Map.of(FaultKind.DUPLICATE, Faults.Amount.count(3), FaultKind.REORDER, Faults.Amount.count(2)));
        assertThat(f.toString()).isEqualTo("dup=3,reorder=2");
        assertThat(Faults.parse(" Dup , REORDER ")).isEqualTo(f);
        roundTrips(f);
    }

    @Test
    void allButOne() {
        Faults f = Faults.parse("all,-oversized");
        assertThat(f.enabled(FaultKind.OVERSIZED)).isFalse();
        assertThat(f.amount(FaultKind.OVERSIZED)).isEqualTo(Faults.Amount.count(0));
        assertThat(f.amounts()).hasSize(FaultKind.values().length - 1);
        assertThat(f).isEqualTo(Faults.all().without(FaultKind.OVERSIZED));
        assertThat(f.toString()).doesNotContain("oversized");
        roundTrips(f);
    }

    @Test
    void countsRatesAndGapLength() {
        Faults f = Faults.parse("dup=5,spike=0.001,gap-ticks=12");
        assertThat(f.amounts())
                .isEqualTo(Map.of(
                        FaultKind.DUPLICATE, Faults.Amount.count(5), FaultKind.SPIKE, Faults.Amount.rate(0.001)));
        assertThat(f.gapTicks()).isEqualTo(12);
        assertThat(f.toString()).isEqualTo("dup=5,spike=0.001,gap-ticks=12");
        roundTrips(f);
        // a rate resolves against the messages of the planning period, a count does not
        assertThat(f.amount(FaultKind.SPIKE).resolve(12_345)).isEqualTo(12);
        assertThat(f.amount(FaultKind.DUPLICATE).resolve(12_345)).isEqualTo(5);
        // a small rate prints in scientific notation and still parses back
        roundTrips(Faults.none().with(FaultKind.GAP, Faults.Amount.rate(1.0e-5)));
        // every fault by its own name
        for (FaultKind k : FaultKind.values()) roundTrips(Faults.parse(k.cliName() + "=7"));
    }

    @Test
    void rejectsUnknownNamesAndBadAmountsWithAClearMessage() {
        String known = String.join(
                ",", Arrays.stream(FaultKind.values()).map(FaultKind::cliName).toList());
        assertThatThrownBy(() -> Faults.parse("dup,dupe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fault 'dupe'; known: " + known);
        assertThatThrownBy(() -> Faults.parse("all,-nope")).hasMessage("unknown fault 'nope'; known: " + known);
        assertThatThrownBy(() -> Faults.parse("dup=many")).hasMessage("fault dup: 'many' is not a count");
        assertThatThrownBy(() -> Faults.parse("dup=-1")).hasMessage("fault dup: '-1' is not a count >= 0");
        assertThatThrownBy(() -> Faults.parse("spike=0.0.1")).hasMessage("fault spike: '0.0.1' is not a rate");
        assertThatThrownBy(() -> Faults.parse("spike=1.5")).hasMessage("fault spike: '1.5' is not a rate in [0, 1]");
        assertThatThrownBy(() -> Faults.parse("gap-ticks")).hasMessage("gap-ticks needs a value, e.g. gap-ticks=8");
        assertThatThrownBy(() -> Faults.parse("gap-ticks=0")).hasMessage("gap-ticks must be at least 1");
        assertThatThrownBy(() -> Faults.parse("gap-ticks=x")).hasMessage("fault gap-ticks: 'x' is not a count");
    }
}
