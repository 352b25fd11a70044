package dcmon.monitoring;

import dcmon.core.alert.AlertConfig;
import dcmon.core.alert.AlertEvent;
import dcmon.core.alert.AlertLifecycle;
import dcmon.core.alert.Observation;
import dcmon.core.alert.QualityRules;
import dcmon.core.broker.BrokerSample;
import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.targets.Subject;
import dcmon.influx.InfluxSchema.Measurements;
import dcmon.influx.InfluxSchema.Tags;
import dcmon.influx.SeriesPoint;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * An MQTT broker's backlog, keyed by the broker's name: every sample a bridge sent ({@link BrokerSample}) becomes a
 * {@code broker_status} row, and runs the {@code broker.backlog} rule with the sample's time as "now", so that a
 * replay of the topic raises and clears the same alerts at the same instants. Several bridges sample the same broker;
 * their samples agree but for the moment each was taken, which the rule's update step absorbs.
 *
 * <p>The alert's period is the Shanghai day its backlog began, kept while it is active (as {@code gateway.offline}
 * does), so a backlog across midnight stays one alert. Main output: the rows; {@link Outputs#ALERTS}: the events.
 */
public final class BrokerBacklogFunction extends KeyedProcessFunction<String, BrokerSample, SeriesPoint> {
    private final AlertConfig alerts;
    private transient ValueState<StoredAlert> alert;

    public BrokerBacklogFunction(AlertConfig alerts) {
        this.alerts = alerts;
    }

    public static ValueStateDescriptor<StoredAlert> stateDescriptor() {
        return new ValueStateDescriptor<>("broker-backlog", TypeInformation.of(StoredAlert.class));
    }

    @Override
    public void open(OpenContext ctx) {
        alert = getRuntimeContext().getState(stateDescriptor());
    }

    @Override
    public void processElement(BrokerSample sample, Context ctx, Collector<SeriesPoint> out) throws Exception {
        out.collect(row(sample));
        StoredAlert stored = alert.value();
        boolean active = stored != null && stored.active;
        String period =
                active ? stored.period : ShanghaiCalendar.date(sample.at()).toString();
        Observation o = QualityRules.brokerBacklog(
                Subject.broker(sample.broker()), period, sample.backlogMessages(), sample.storedBytes());
        // a new day's backlog is a new alert: its state starts afresh (seq from 1)
        boolean samePeriod = stored != null && stored.period.equals(period);
        AlertLifecycle.Transition t = AlertLifecycle.step(samePeriod ? stored.state() : null, o, alerts, sample.at());
        if (t.next() != null) alert.update(StoredAlert.of(t.next(), period));
        AlertEvent event = t.event();
        if (event != null) {
            out.collect(AlertMessage.row(event));
            ctx.output(Outputs.ALERTS, AlertMessage.of(event));
        }
    }

    /** The {@code broker_status} row of a sample, at the sample's time. */
    static SeriesPoint row(BrokerSample s) {
        return SeriesPoint.builder(Measurements.BROKER_STATUS)
                .tag(Tags.BROKER, s.broker())
                .field("stored_messages", s.storedMessages())
                .field("retained_messages", s.retainedMessages())
                .field("backlog_messages", s.backlogMessages())
                .field("stored_bytes", s.storedBytes())
                .field("bridge", s.bridge())
                .timeMillis(s.at())
                .build();
    }
}
