package dcmon.core.reading;

import java.io.Serializable;

/**
 * The readings of one gateway message that passed validation, kept together as one record so the job moves a
 * message, not single readings, through the pipeline. Parallel arrays keep it compact on the wire.
 */
public final class AcceptedReadings implements Serializable {
    public String enterprise;
    public String gateway;
    public long receivedAt;
    /** the message's sequence number, -1 when absent */
    public long seq;
    /** position of each reading in the message's readings array */
    public int[] index;

    public String[] points;
    public long[] ts;
    public double[] values;

    /** For serializers. */
    public AcceptedReadings() {}

    public AcceptedReadings(
            String enterprise,
            String gateway,
            long receivedAt,
            long seq,
            int[] index,
            String[] points,
            long[] ts,
            double[] values) {
        this.enterprise = enterprise;
        this.gateway = gateway;
        this.receivedAt = receivedAt;
        this.seq = seq;
        this.index = index;
        this.points = points;
        this.ts = ts;
        this.values = values;
    }

    public int size() {
        return points.length;
    }
}
