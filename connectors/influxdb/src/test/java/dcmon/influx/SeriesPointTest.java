package dcmon.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;

class SeriesPointTest {

    private static final long DAY_START = Instant.parse("2026-11-23T16:00:00Z").toEpochMilli();

    @Test
    void sortsTagsAndFieldsAndWidensNumbers() {
        SeriesPoint point = SeriesPoint.builder("point_usage")
                .tag("period", "day")
                .tag("enterprise", "91420100MA4K0000XX")
                .field("tce", 12.5)
                .field("readings", 3)
                .field("estimated", false)
                .fields(Map.of("ratio", 0.5f, "note", "manual"))
                .timeMillis(DAY_START)
                .build();

        assertThat(point.tags())
                .containsExactly(Map.entry("enterprise", "91420100MA4K0000XX"), Map.entry("period", "day"));
        assertThat(point.fields())
                .containsExactly(
                        Map.entry("estimated", false),
                        Map.entry("note", "manual"),
                        Map.entry("ratio", 0.5),
                        Map.entry("readings", 3L),
                        Map.entry("tce", 12.5));
        assertThat(point.time()).isEqualTo(Instant.parse("2026-11-23T16:00:00Z"));
        assertThat(point)
                .hasToString("point_usage,enterprise=91420100MA4K0000XX,period=day "
                        + "estimated=false,note=\"manual\",ratio=0.5,readings=3i,tce=12.5 @2026-11-23T16:00:00Z");
    }

    @Test
    void seriesKeyIsMeasurementTagsAndTimeWhateverTheOrderAndFields() {
        SeriesPoint first = SeriesPoint.builder("m")
                .tag("a", "1")
                .tag("b", "2")
                .field("x", 1.0)
                .timeMillis(DAY_START)
                .build();
        SeriesPoint reordered = SeriesPoint.builder("m")
                .tag("b", "2")
                .tag("a", "1")
                .field("y", 2L)
                .timeMillis(DAY_START)
                .build();
        SeriesPoint otherTime = SeriesPoint.builder("m")
                .tag("a", "1")
                .tag("b", "2")
                .field("x", 1.0)
                .timeMillis(DAY_START + 1)
                .build();
        SeriesPoint otherTag = SeriesPoint.builder("m")
                .tag("a", "1")
                .tag("b", "3")
                .field("x", 1.0)
                .timeMillis(DAY_START)
                .build();

        assertThat(first.seriesKey()).isEqualTo(reordered.seriesKey()).hasSameHashCodeAs(reordered.seriesKey());
        assertThat(first.seriesKey()).isNotEqualTo(otherTime.seriesKey()).isNotEqualTo(otherTag.seriesKey());
    }

    @Test
    void aLaterUpdateReplacesFieldsOfTheSameNameAndKeepsTheOthersLikeInfluxDb() {
        SeriesPoint earlier = SeriesPoint.builder("m")
                .tag("a", "1")
                .field("tce", 1.0)
                .field("tco2", 2.0)
                .timeMillis(DAY_START)
                .build();
        SeriesPoint later = SeriesPoint.builder("m")
                .tag("a", "1")
                .field("tce", 5.0)
                .timeMillis(DAY_START)
                .build();

        assertThat(earlier.updatedBy(later).fields()).containsExactly(Map.entry("tce", 5.0), Map.entry("tco2", 2.0));
        assertThat(later.updatedBy(earlier)).isEqualTo(earlier);
        assertThatThrownBy(() -> earlier.updatedBy(SeriesPoint.builder("m")
                        .tag("a", "2")
                        .field("tce", 5.0)
                        .timeMillis(DAY_START)
                        .build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsWhatInfluxDbWouldRejectOrSilentlyChange() {
        assertThatThrownBy(() -> SeriesPoint.builder("m").field("x", 1.0).build())
                .hasMessageContaining("no time");
        assertThatThrownBy(() ->
                        SeriesPoint.builder("m").tag("a", "1").timeMillis(0).build())
                .hasMessageContaining("no fields");
        assertThatThrownBy(() -> SeriesPoint.builder("m").tag("a", "")).hasMessageContaining("empty value for tag a");
        assertThatThrownBy(() -> SeriesPoint.builder("m").field("x", Double.NaN))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> SeriesPoint.builder("m").field("time", 1.0)).hasMessageContaining("'time'");
        assertThatThrownBy(() -> SeriesPoint.builder("m").field("x", (Object) new int[0]))
                .hasMessageContaining("unsupported type");
        assertThatThrownBy(() -> SeriesPoint.builder("m")
                        .tag("a", "1")
                        .field("a", 1.0)
                        .timeMillis(0)
                        .build())
                .hasMessageContaining("both a tag and a field");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        SeriesPoint point = SeriesPoint.builder("m")
                .tag("a", "1")
                .field("x", 1.5)
                .field("n", 2L)
                .timeMillis(DAY_START)
                .build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(point);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(point);
        }
    }

    @Test
    void flinkUsesTheDedicatedSerializerNotKryo() {
        assertThat(TypeInformation.of(SeriesPoint.class)).isInstanceOf(SeriesPointTypeInfo.class);
    }

    @Test
    void aBuilderIsSpentOnceItBuiltAPoint() {
        SeriesPoint.Builder b = SeriesPoint.builder("point_usage")
                .tag("enterprise", "E1")
                .field("tce", 1.0)
                .timeMillis(0);
        SeriesPoint p = b.build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.tag("point", "P1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already built");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.field("tce", 2.0))
                .isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
        org.assertj.core.api.Assertions.assertThat(p.tags()).containsExactly(java.util.Map.entry("enterprise", "E1"));
        org.assertj.core.api.Assertions.assertThat(p.fields()).containsExactly(java.util.Map.entry("tce", 1.0));
    }

    @Test
    void aShapedRowEqualsTheBuiltOneAndChecksItsValues() {
        SeriesPoint.Shape shape = SeriesPoint.Shape.of(
                "point_usage", java.util.List.of("point", "enterprise"), java.util.List.of("tce", "estimated", "n"));
        SeriesPoint shaped =
                shape.point(DAY_START, new String[] {"E-01", "91420100MA4K0000XX"}, new Object[] {0.5, true, 3L});

        assertThat(shaped)
                .isEqualTo(SeriesPoint.builder("point_usage")
                        .tag("enterprise", "91420100MA4K0000XX")
                        .tag("point", "E-01")
                        .field("estimated", true)
                        .field("n", 3L)
                        .field("tce", 0.5)
                        .timeMillis(DAY_START)
                        .build());
        assertThat(shaped.tagKey(0)).isEqualTo("enterprise");
        assertThat(shaped.fieldName(2)).isEqualTo("tce");

        assertThatThrownBy(() -> shape.point(0, new String[] {"", "x"}, new Object[] {0.5, true, 3L}))
                .hasMessageContaining("empty value for tag point");
        assertThatThrownBy(() -> shape.point(0, new String[] {"p", "x"}, new Object[] {Double.NaN, true, 3L}))
                .hasMessageContaining("field tce is not finite");
        assertThatThrownBy(() -> shape.point(0, new String[] {"p", "x"}, new Object[] {0.5, true, 3}))
                .hasMessageContaining("field n has unsupported type: java.lang.Integer");
        assertThatThrownBy(() -> shape.point(0, new String[] {"p"}, new Object[] {0.5, true, 3L}))
                .hasMessageContaining("takes 2 tag and 3 field values, not 1 and 3");
        assertThatThrownBy(() -> SeriesPoint.Shape.of("m", java.util.List.of("a", "a"), java.util.List.of("x")))
                .hasMessageContaining("appears twice");
        assertThatThrownBy(() -> SeriesPoint.Shape.of("m", java.util.List.of("a"), java.util.List.of("a")))
                .hasMessageContaining("both a tag and a field");
        assertThatThrownBy(() -> SeriesPoint.Shape.of("m", java.util.List.of("a"), java.util.List.of("time")))
                .hasMessageContaining("'time'");
    }

    @Test
    void aShapeDeclaredInNameOrderTakesTheArraysOverAndStillChecksThem() {
        SeriesPoint.Shape shape = SeriesPoint.Shape.of(
                "point_usage", java.util.List.of("enterprise", "point"), java.util.List.of("estimated", "n", "tce"));
        String[] tags = {"91420100MA4K0000XX", "E-01"};
        Object[] fields = {true, 3L, 0.5};
        SeriesPoint shaped = shape.point(DAY_START, tags, fields);

        assertThat(shaped)
                .isEqualTo(SeriesPoint.builder("point_usage")
                        .tag("enterprise", "91420100MA4K0000XX")
                        .tag("point", "E-01")
                        .field("estimated", true)
                        .field("n", 3L)
                        .field("tce", 0.5)
                        .timeMillis(DAY_START)
                        .build());
        assertThatThrownBy(() -> shape.point(0, new String[] {"x", null}, new Object[] {true, 3L, 0.5}))
                .hasMessageContaining("empty value for tag point");
        assertThatThrownBy(() ->
                        shape.point(0, new String[] {"x", "p"}, new Object[] {true, 3L, Double.POSITIVE_INFINITY}))
                .hasMessageContaining("field tce is not finite");
    }
}
