package dcmon.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

    @Test
    void writesSortedTagsTypedFieldsAndMillisecondTime() {
        SeriesPoint p = SeriesPoint.builder("point_usage").tag("point", "E-01").tag("enterprise", "91420100MA4K0000XX")
                .field("tce", 0.1229).field("estimated", false).field("readings", 3L).field("quality", "manual")
                .timeMillis(1_764_518_400_000L).build();

        assertThat(LineProtocol.of(List.of(p))).isEqualTo("point_usage,enterprise=91420100MA4K0000XX,point=E-01 "
                + "estimated=false,quality=\"manual\",readings=3i,tce=0.1229 1764518400000\n");
    }

    @Test
    void escapesWhatLineProtocolReservesAndWritesDoublesThatReadBackExactly() {
        SeriesPoint p = SeriesPoint.builder("a b,c").tag("k=1", "x y,z=w").field("f g", "say \"hi\" \\").field("x", 1.0E-5)
                .field("y", 0.1 + 0.2).timeMillis(0).build();

        assertThat(LineProtocol.of(List.of(p))).isEqualTo(
                "a\\ b\\,c,k\\=1=x\\ y\\,z\\=w f\\ g=\"say \\\"hi\\\" \\\\\",x=1.0E-5,y=0.30000000000000004 0\n");
    }
}
