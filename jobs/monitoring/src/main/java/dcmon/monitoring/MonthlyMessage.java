package dcmon.monitoring;

import dcmon.core.monthly.MonthlyJson;
import dcmon.core.monthly.MonthlySnapshot;

/**
 * A month snapshot on its way to {@code dcmon.monthly}: its Kafka key ({@code level:code|YYYY-MM}, so that the
 * revisions of one subject's month stay in order), its id and its {@code dcmon.monthly/1} JSON, encoded where it
 * is made.
 */
public final class MonthlyMessage {
    public String key;
    public String id;
    public byte[] json;
    /**
     * The event time of the evaluation that sent it, the Kafka record's timestamp: the exporter numbers a month's
     * revisions by it. Set here because a processing-time fallback's output carries no event timestamp.
     */
    public long at;

    public MonthlyMessage() {}

    public static MonthlyMessage of(MonthlySnapshot s, long at) {
        MonthlyMessage m = new MonthlyMessage();
        m.at = at;
        m.key = s.key();
        m.id = s.id();
        m.json = MonthlyJson.bytes(s);
        return m;
    }
}
