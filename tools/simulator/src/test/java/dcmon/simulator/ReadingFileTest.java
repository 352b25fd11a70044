package dcmon.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingFileTest {
    static final String STEEL = "91420112MA4ALXWN9U";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsCsvWithBomCommentsAndDefaultsForEnterpriseAndGateway() throws Exception {
        Path f = write(
                "manual.csv",
                "\uFEFFpoint,ts,value,quality\n"
                        + "# read by hand at the substation\n"
                        + "E-MAIN-01,2026-11-24T10:15:00+08:00,1234567.8,manual\n"
                        + "\n"
                        + "STEEL-OUT, 2026-11-24T10:15:00+08:00 ,5231,\n");
        ReadingFile.Contents c = ReadingFile.read(f, STEEL, "GW01");
        assertThat(c.errors()).isEmpty();
        assertThat(c.entries())
                .containsExactly(
                        new ReadingFile.Entry(
                                STEEL,
                                "GW01",
                                "E-MAIN-01",
                                "2026-11-24T10:15:00+08:00",
                                1_795_486_500_000L,
                                1234567.8,
                                "manual",
                                "manual.csv:3"),
                        new ReadingFile.Entry(
                                STEEL,
                                "GW01",
                                "STEEL-OUT",
                                "2026-11-24T10:15:00+08:00",
                                1_795_486_500_000L,
                                5231.0,
                                null,
                                "manual.csv:5"));
    }

    @Test
    void reportsEveryBadCellWithItsLineAndFieldAndReturnsNoReadings() throws Exception {
        Path f = write(
                "bad.csv",
                "enterprise,gateway,point,ts,value\n"
                        + STEEL + ",GW01,E-MAIN-01,2026-11-24T10:15:00+08:00,1.5\n"
                        + "91420112MA4ALXWN9X,GW 1,E-MAIN-01,2026-11-24 10:15,12,3\n"
                        + STEEL + ",GW01,E-MAIN-01,2026-11-24T10:15:00+08:00,NaN\n"
                        + STEEL + ",GW01,,2026-11-24T10:15:00+08:00,-4\n");
        ReadingFile.Contents c = ReadingFile.read(f, null, null);
        assertThat(c.entries()).isEmpty();
        assertThat(c.errors())
                .containsExactly(
                        "bad.csv:3: enterprise: not a valid unified social credit code: check character is 'X' but the first"
                                + " 17 characters give 'U'",
                        "bad.csv:3: gateway: must be 1-64 letters, digits, '_', '.' or '-', found 'GW 1'",
                        "bad.csv:3: ts: must be an ISO-8601 time with its offset, e.g. 2026-11-24T10:15:00+08:00, found"
                                + " '2026-11-24 10:15'",
                        "bad.csv:4: value: must be a finite number, found 'NaN'",
                        "bad.csv:5: point: is missing",
                        "bad.csv:5: value: must not be negative, found -4");
    }

    @Test
    void refusesAHeaderWithAnUnknownOrMissingColumn() throws Exception {
        Path f = write("h.csv", "point,time,value,unit\nE-MAIN-01,2026-11-24T10:15:00+08:00,1,kWh\n");
        assertThat(ReadingFile.read(f, STEEL, null).errors())
                .containsExactly(
                        "h.csv:1: header: unknown column 'time' (columns: enterprise, gateway, point, ts, value, quality)",
                        "h.csv:1: header: unknown column 'unit' (columns: enterprise, gateway, point, ts, value, quality)",
                        "h.csv:1: header: column 'ts' is missing",
                        "h.csv:1: header: column 'gateway' is missing (or give --gateway)");
    }

    @Test
    void readsJsonAsAnArrayOrAsOneGatewaysObject() throws Exception {
        Path array = write(
                "a.json",
                "[{\"enterprise\":\"" + STEEL + "\",\"gateway\":\"GW01\",\"point\":\"E-MAIN-01\","
                        + "\"ts\":\"2026-11-24T10:15:00+08:00\",\"value\":2.5}]");
        assertThat(ReadingFile.read(array, null, null).entries())
                .extracting(ReadingFile.Entry::value, ReadingFile.Entry::where)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2.5, "a.json: [0]"));
        Path object = write(
                "o.json",
                "{\"enterprise\":\"" + STEEL + "\",\"gateway\":\"GW01\",\"readings\":["
                        + "{\"point\":\"E-MAIN-01\",\"ts\":\"2026-11-24T10:15:00+08:00\",\"value\":1},"
                        + "{\"point\":\"E-MAIN-01\",\"ts\":\"2026-11-24T10:30:00+08:00\",\"value\":\"x\"}]}");
        assertThat(ReadingFile.read(object, null, null).errors())
                .containsExactly("o.json: readings[1]: value: must be a finite number, found 'x'");
        Path broken = write("b.json", "{\"readings\": [");
        assertThat(ReadingFile.read(broken, null, null).errors())
                .singleElement()
                .asString()
                .startsWith("b.json: not valid JSON: ");
    }
}
