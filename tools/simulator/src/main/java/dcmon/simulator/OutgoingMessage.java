package dcmon.simulator;

/**
 * One MQTT publish of the simulator, in publish order.
 *
 * @param topic    MQTT topic
 * @param payload  exact bytes
 * @param retained true for status messages
 * @param kind     what the message is
 * @param readings number of reading objects in the payload (0 for status and unparseable garbage)
 */
public record OutgoingMessage(String topic, byte[] payload, boolean retained, Kind kind, int readings) {

    public enum Kind {
        /** a gateway's regular message for one tick (possibly carrying injected bad readings) */
        LIVE,
        /** a store-and-forward upload of readings buffered during a gap */
        UPLOAD,
        /** identical bytes of an earlier message, published again (QoS 1 redelivery) */
        DUPLICATE,
        /** a reading re-stating an earlier (point, ts) with another value */
        CONFLICT,
        /** a message the job must reject as a whole */
        GARBAGE,
        /** retained gateway status */
        STATUS,
        /**
         * the gateway's connection drops without a word (silent-gateway scenario): the broker publishes its Last
         * Will, this payload on this topic, retained; not counted as published by the simulator
         */
        WILL
    }

    public boolean isReadings() {
        return kind != Kind.STATUS && kind != Kind.WILL;
    }
}
