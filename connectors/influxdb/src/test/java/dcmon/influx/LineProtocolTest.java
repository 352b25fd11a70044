package dcmon.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

    @Test
    void writesSortedTagsTypedFieldsAndMillisecondTime() {
        SeriesPoint p = SeriesPoint.builder("point_usage")
                .tag("point", "E-01")
                .tag("enterprise", "91420100MA4K0000XX")
                .field("tce", 0.1229)
                .field("estimated", false)
                .field("readings", 3L)
                .field("quality", "manual")
                .timeMillis(1_764_518_400_000L)
                .build();

        assertThat(LineProtocol.of(List.of(p)))
                .isEqualTo("point_usage,enterprise=91420100MA4K0000XX,point=E-01 "
                        + "estimated=false,quality=\"manual\",readings=3i,tce=0.1229 1764518400000\n");
    }

    @Test
    void escapesWhatLineProtocolReservesAndWritesDoublesThatReadBackExactly() {
        SeriesPoint p = SeriesPoint.builder("a b,c")
                .tag("k=1", "x y,z=w")
                .field("f g", "say \"hi\" \\")
                .field("x", 1.0E-5)
                .field("y", 0.1 + 0.2)
                .timeMillis(0)
                .build();

        assertThat(LineProtocol.of(List.of(p)))
                .isEqualTo(
                        "a\\ b\\,c,k\\=1=x\\ y\\,z\\=w f\\ g=\"say \\\"hi\\\" \\\\\",x=1.0E-5,y=0.30000000000000004 0\n");
    }

    @Test
    void everyDoubleIsWrittenAsTextThatReadsBackToTheSameBits() {
        java.util.Random random = new java.util.Random(7);
        List<Double> values = new java.util.ArrayList<>(List.of(
                0.0,
                -0.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Double.MAX_VALUE,
                1e-3,
                9.999999999999998e-4,
                1e7,
                9999999.999999998,
                1e23,
                2e-44,
                1500.0,
                0.1 + 0.2,
                1 / 3.0));
        for (int i = 0; i < 20_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) values.add(v);
            values.add(random.nextInt(1_000_000) / 4.0 * (random.nextBoolean() ? 1 : -1e-3));
        }
        for (double v : values) {
            String line = LineProtocol.of(
                    List.of(SeriesPoint.builder("m").field("v", v).timeMillis(0).build()));
            String text = line.substring("m v=".length(), line.length() - " 0\n".length());
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(text)))
                    .as(text)
                    .isEqualTo(Double.doubleToRawLongBits(v));
            assertThat(text).as("the same form as Double.toString").matches("-?\\d+\\.\\d+(E-?\\d+)?");
        }
    }

    @Test
    void escapesAfterAPlainStartAndAtTheEnd() {
        SeriesPoint p = SeriesPoint.builder("usage")
                .tag("point", "GW01=E 1,")
                .field("v", 1L)
                .timeMillis(0)
                .build();
        assertThat(LineProtocol.of(List.of(p))).isEqualTo("usage,point=GW01\\=E\\ 1\\, v=1i 0\n");
    }
}
