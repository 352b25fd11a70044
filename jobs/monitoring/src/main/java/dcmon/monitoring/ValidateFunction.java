package dcmon.monitoring;

import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.MessageValidator;
import dcmon.core.reading.RejectReason;
import dcmon.core.reading.Rejection;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses and validates each gateway message against the registry. Valid readings leave as one record per
 * message; everything else leaves on {@link Outputs#REJECTED} with its reason. Never throws on a payload.
 */
public final class ValidateFunction extends ProcessFunction<RawMessage, AcceptedReadings> {
    private final RegistryProvider registry;
    private final Duration lateness;
    private final Duration futureAllowance;

    private transient MessageValidator validator;
    private transient long validatorVersion;
    private transient Counter messages;
    private transient Counter readingsIn;
    private transient Map<RejectReason, Counter> rejected;

    public ValidateFunction(RegistryProvider registry, Duration lateness, Duration futureAllowance) {
        this.registry = registry;
        this.lateness = lateness;
        this.futureAllowance = futureAllowance;
    }

    @Override
    public void open(OpenContext ctx) {
        MetricGroup g = getRuntimeContext().getMetricGroup().addGroup("dcmon");
        messages = g.counter("messages");
        readingsIn = g.counter("readingsValid");
        rejected = new EnumMap<>(RejectReason.class);
        MetricGroup r = g.addGroup("rejected");
        for (RejectReason reason : RejectReason.values()) rejected.put(reason, r.counter(reason.code()));
    }

    @Override
    public void processElement(RawMessage msg, Context ctx, Collector<AcceptedReadings> out) {
        RegistryProvider.Snapshot snap = registry.current();
        if (validator == null || validatorVersion != snap.version()) {
            validator = new MessageValidator(snap.registry(), lateness, futureAllowance);
            validatorVersion = snap.version();
        }
        messages.inc();
        MessageValidator.Result result = validator.validate(msg.mqttTopic, msg.payload, msg.receivedAt);
        for (Rejection r : result.rejections()) {
            rejected.get(r.reason()).inc();
            ctx.output(Outputs.REJECTED, r);
        }
        if (result.accepted() != null) {
            readingsIn.inc(result.accepted().size());
            out.collect(result.accepted());
        }
    }
}
