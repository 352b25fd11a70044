package dcmon.core.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BrokerSampleTest {

    @Test
    void theBacklogIsTheStoreWithoutTheRetainedMessages() {
        BrokerSample s = new BrokerSample("mqtt-1", "dcmon-bridge-1", 1_764_720_000_000L, 153, 53, 10_325);
        assertThat(s.backlogMessages()).isEqualTo(100);
        // published one after the other, the counts may briefly disagree: never a negative backlog
        assertThat(new BrokerSample("b", "x", 0, 50, 53, 0).backlogMessages()).isZero();
    }

    @Test
    void itsJsonReadsBackAsTheSameSample() {
        BrokerSample s = new BrokerSample("mqtt-1", "dcmon-bridge-1", 1_764_720_000_000L, 153, 53, 10_325);
        assertThat(new String(s.toJson(), StandardCharsets.UTF_8))
                .isEqualTo("{\"schema\":\"dcmon.broker/1\",\"broker\":\"mqtt-1\",\"bridge\":\"dcmon-bridge-1\","
                        + "\"at\":1764720000000,\"stored_messages\":153,\"retained_messages\":53,"
                        + "\"backlog_messages\":100,\"stored_bytes\":10325}");
        assertThat(BrokerSample.parse(s.toJson())).isEqualTo(s);
    }

    @Test
    void recordsThatAreNoSampleReadAsNull() {
        assertThat(BrokerSample.parse(null)).isNull();
        assertThat(BrokerSample.parse(new byte[0])).isNull();
        assertThat(BrokerSample.parse(bytes("not json"))).isNull();
        assertThat(BrokerSample.parse(bytes("[1]"))).isNull();
        String good = "{\"schema\":\"dcmon.broker/1\",\"broker\":\"b\",\"at\":1,\"stored_messages\":2,"
                + "\"retained_messages\":1,\"stored_bytes\":3}";
        assertThat(BrokerSample.parse(bytes(good))).isEqualTo(new BrokerSample("b", "", 1, 2, 1, 3));
        assertThat(BrokerSample.parse(bytes(good.replace("dcmon.broker/1", "dcmon.broker/2"))))
                .isNull();
        assertThat(BrokerSample.parse(bytes(good.replace("\"b\"", "\"a b\"")))).isNull();
        assertThat(BrokerSample.parse(bytes(good.replace("\"stored_messages\":2", "\"stored_messages\":-2"))))
                .isNull();
        assertThat(BrokerSample.parse(bytes(good.replace("\"stored_messages\":2", "\"stored_messages\":\"2\""))))
                .isNull();
        assertThat(BrokerSample.parse(bytes(good.replace(",\"at\":1", "")))).isNull();
    }

    @Test
    void sysValuesAreDecimalIntegers() {
        assertThat(BrokerSample.sysValue(bytes("153"))).isEqualTo(153);
        assertThat(BrokerSample.sysValue(bytes("0"))).isZero();
        assertThat(BrokerSample.sysValue(bytes(""))).isEqualTo(-1);
        assertThat(BrokerSample.sysValue(bytes("4 seconds"))).isEqualTo(-1);
        assertThat(BrokerSample.sysValue(bytes("-1"))).isEqualTo(-1);
        assertThat(BrokerSample.sysValue(bytes("12345678901234567890"))).isEqualTo(-1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
