package dcmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.simulator.ReadingFile;
import java.util.List;
import org.junit.jupiter.api.Test;

/** gateway send with a gateway's account: rows of another gateway are named before anything is published. */
class GatewaySendAccountTest {
    static final String STEEL = "91420112MA4ALXWN9U";

    private static ReadingFile.Entry row(String gateway, int line) {
        return new ReadingFile.Entry(
                STEEL, gateway, "E-MAIN-01", "2026-12-01T10:00:00+08:00", 0L, 1.0, null, "readings.csv:" + line);
    }

    @Test
    void aGatewaysAccountMayOnlySendThatGatewaysRows() {
        List<ReadingFile.Entry> rows = List.of(row("GW01", 2), row("GW01", 3), row("GW02", 4));
        assertThat(GatewayCommand.otherGatewaysThanTheLogins(rows, STEEL + "-GW01"))
                .isEqualTo("readings.csv:4: gateway " + STEEL + "/GW02 is not the one account " + STEEL
                        + "-GW01 may publish for (the broker would drop it); send each gateway's rows with its own"
                        + " account");
        assertThat(GatewayCommand.otherGatewaysThanTheLogins(rows.subList(0, 2), STEEL + "-GW01"))
                .isNull();
        // anonymous, or an account that is no gateway's (an operator's wider one): the broker decides
        assertThat(GatewayCommand.otherGatewaysThanTheLogins(rows, null)).isNull();
        assertThat(GatewayCommand.otherGatewaysThanTheLogins(rows, "operator")).isNull();
    }
}
