package dcmon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dcmon.core.reading.GatewayMessage;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.PayloadParser;
import dcmon.core.reference.ReferenceLoader;
import dcmon.core.registry.CreditCode;
import dcmon.core.registry.Enterprise;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticLoadTest {

    @Test
    void registryHasValidDistinctCodesAndTheAskedSize() throws Exception {
        SyntheticRegistry s =
                SyntheticRegistry.build(ReferenceLoader.load(ReferenceDirs.defaultReference()), 40, 1000, 50, 1);
        Set<String> codes = new HashSet<>();
        int points = 0;
        for (Enterprise e : s.registry().enterprises()) {
            assertThat(CreditCode.problem(e.code())).as(e.code()).isNull();
            codes.add(e.code());
            points += e.points().size();
        }
        assertThat(codes).hasSize(40);
        assertThat(points).isEqualTo(1000);
        assertThat(s.gateways()).allSatisfy(g -> assertThat(g.size()).isBetween(1, 50));
    }

    @Test
    void messagesAreValidReadingsPayloadsWithOffsetTimestamps() throws Exception {
        SyntheticRegistry s =
                SyntheticRegistry.build(ReferenceLoader.load(ReferenceDirs.defaultReference()), 5, 120, 50, 1);
        MessageValidator validator = new MessageValidator(
                s.registry(), MessageValidator.DEFAULT_LATENESS, MessageValidator.DEFAULT_FUTURE_ALLOWANCE);
        SyntheticTraffic traffic =
                new SyntheticTraffic(s, SyntheticTraffic.DEFAULT_START, SyntheticTraffic.messagesForRounds(s, 2));
        int n = 0;
        while (traffic.hasNext()) {
            SyntheticMessage m = traffic.next();
            String json = new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(json)
                    .startsWith("{\"schema\":\"" + GatewayMessage.SCHEMA + "\"")
                    .contains("+08:00\"");
            GatewayMessage parsed = new PayloadParser().parse(m.payload());
            assertThat(parsed.readings()).hasSize(m.readings());
            MessageValidator.Result r = validator.validate(m.mqttTopic(), m.payload(), m.receivedAt());
            assertThat(r.rejections()).isEmpty();
            assertThat(r.accepted().size()).isEqualTo(m.readings());
            n++;
        }
        assertThat(n).isEqualTo(2 * s.gateways().size());
    }

    @Test
    void trafficTooLongToEndBeforeNowStartsEarlyEnoughAtAShanghaiMidnight() throws Exception {
        SyntheticRegistry s =
                SyntheticRegistry.build(ReferenceLoader.load(ReferenceDirs.defaultReference()), 5, 120, 50, 1);
        long day = 86_400_000L;
        long now = SyntheticTraffic.DEFAULT_START + 5 * day + 10 * 3_600_000L; // 2026-11-29 10:00 Shanghai
        // 4 rounds end an hour after the default start: it stays
        assertThat(SyntheticTraffic.startFor(s, SyntheticTraffic.messagesForRounds(s, 4), now))
                .isEqualTo(SyntheticTraffic.DEFAULT_START);
        // 960 rounds = 10 days: from the midnight 11 days before 10:00 today, 2026-11-18T00:00+08:00, to 2026-11-28
        assertThat(SyntheticTraffic.startFor(s, SyntheticTraffic.messagesForRounds(s, 960), now))
                .isEqualTo(SyntheticTraffic.DEFAULT_START - 6 * day);
    }
}
