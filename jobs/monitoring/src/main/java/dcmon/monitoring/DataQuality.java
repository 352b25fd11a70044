package dcmon.monitoring;

import dcmon.core.alert.AlertConfig;
import dcmon.core.reading.AcceptedReadings;
import dcmon.core.reading.Rejection;
import dcmon.influx.SeriesPoint;
import java.time.Duration;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * Wires {@link DataQualityFunction} into the job: the accepted messages and both kinds of rejections become
 * {@link QualitySignal}s, keyed by enterprise. The returned operator's main output holds InfluxDB rows (alert rows
 * and daily {@code data_quality} rows); its {@link Outputs#ALERTS} side output the encoded alert events.
 */
public final class DataQuality {
    private DataQuality() {}

    public static final TypeInformation<QualitySignal> SIGNAL_TYPE = TypeInformation.of(QualitySignal.class);

    /**
     * @param accepted              validation's output
     * @param rejectedAtValidation  validation's {@link Outputs#REJECTED}
     * @param rejectedWhileCounting the usage function's {@link Outputs#REJECTED} (its readings were accepted, so
     *     they are received once only)
     */
    public static SingleOutputStreamOperator<SeriesPoint> attach(
            DataStream<AcceptedReadings> accepted,
            DataStream<Rejection> rejectedAtValidation,
            DataStream<Rejection> rejectedWhileCounting,
            RegistryProvider registry,
            AlertConfig alerts) {
        return attach(
                accepted,
                rejectedAtValidation,
                rejectedWhileCounting,
                registry,
                alerts,
                DataQualityFunction.DEFAULT_ALLOWANCE);
    }

    /** The same, with the time after a day's end (event time) at which the day is evaluated. */
    public static SingleOutputStreamOperator<SeriesPoint> attach(
            DataStream<AcceptedReadings> accepted,
            DataStream<Rejection> rejectedAtValidation,
            DataStream<Rejection> rejectedWhileCounting,
            RegistryProvider registry,
            AlertConfig alerts,
            Duration allowance) {
        DataStream<QualitySignal> fromAccepted = accepted.map(new FromAccepted())
                .returns(SIGNAL_TYPE)
                .name("quality-signals-accepted")
                .uid("quality-signals-accepted");
        DataStream<QualitySignal> fromValidation = rejectedAtValidation
                .flatMap(new FromRejection(true))
                .returns(SIGNAL_TYPE)
                .name("quality-signals-rejected-validation")
                .uid("quality-signals-rejected-validation");
        DataStream<QualitySignal> fromCounting = rejectedWhileCounting
                .flatMap(new FromRejection(false))
                .returns(SIGNAL_TYPE)
                .name("quality-signals-rejected-counting")
                .uid("quality-signals-rejected-counting");
        return fromAccepted
                .union(fromValidation, fromCounting)
                .keyBy(s -> s.enterprise)
                .process(new DataQualityFunction(registry, alerts, allowance))
                .returns(TypeInformation.of(SeriesPoint.class))
                .name("data-quality")
                .uid("data-quality");
    }

    static final class FromAccepted implements MapFunction<AcceptedReadings, QualitySignal> {
        @Override
        public QualitySignal map(AcceptedReadings a) {
            return QualitySignal.accepted(a);
        }
    }

    /** Rejections without an enterprise (a malformed topic) cannot be keyed and are left out. */
    static final class FromRejection implements FlatMapFunction<Rejection, QualitySignal> {
        private final boolean atValidation;

        FromRejection(boolean atValidation) {
            this.atValidation = atValidation;
        }

        @Override
        public void flatMap(Rejection r, Collector<QualitySignal> out) {
            QualitySignal s = QualitySignal.rejected(r, atValidation);
            if (s != null) out.collect(s);
        }
    }
}
