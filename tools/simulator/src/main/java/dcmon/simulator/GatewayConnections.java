package dcmon.simulator;

import dcmon.core.Topics;
import dcmon.core.reading.MqttTopic;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The simulator's MQTT connections: one per gateway, each with the Last Will a real gateway leaves (its status topic,
 * {@code {"state":"offline"}}, retained), so a gateway that dies alone is seen offline by the broker; or a single one
 * for everything. A message on a topic that names no gateway (an injected bad topic) goes on a connection of its own.
 * Each gateway's messages keep their order on its connection; nothing orders messages across gateways, and nothing
 * downstream needs it.
 */
final class GatewayConnections implements AutoCloseable {
    static final byte[] OFFLINE = "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8);
    private static final long FLUSH_TIMEOUT_MS = 120_000;

    private final SimulatorOptions options;
    private final Map<String, MqttPublisher> byGateway = new LinkedHashMap<>();
    private MqttPublisher shared;

    GatewayConnections(SimulatorOptions options) throws MqttException {
        this.options = options;
        if (!options.connectionPerGateway()) shared = connect(options.clientId(), null);
    }

    void publish(String topic, byte[] payload, boolean retained) throws MqttException, InterruptedException {
        connectionFor(topic).publish(topic, payload, retained);
    }

    private MqttPublisher connectionFor(String topic) throws MqttException {
        if (!options.connectionPerGateway()) return shared;
        MqttTopic gateway = MqttTopic.parseReadings(topic);
        if (gateway == null) gateway = MqttTopic.parseStatus(topic);
        if (gateway == null) {
            if (shared == null) shared = connect(options.clientId(), null);
            return shared;
        }
        String key = gateway.enterprise() + "/" + gateway.gateway();
        MqttPublisher p = byGateway.get(key);
        if (p == null) {
            p = connect(
                    options.clientId() + "-" + gateway.enterprise() + "-" + gateway.gateway(),
                    Topics.statusTopic(gateway.enterprise(), gateway.gateway()));
            byGateway.put(key, p);
        }
        return p;
    }

    private MqttPublisher connect(String clientId, String willTopic) throws MqttException {
        MqttPublisher p = new MqttPublisher(
                options.mqttUrl(),
                clientId,
                options.username(),
                options.password(),
                options.maxInFlight(),
                willTopic,
                willTopic == null ? null : OFFLINE);
        p.connect();
        return p;
    }

    /**
     * Drops a gateway's connection as a power or network loss would: the broker publishes its Last Will. Its later
     * messages, if any, go on a new connection.
     */
    void dropAbruptly(String enterprise, String gateway) {
        MqttPublisher p = byGateway.remove(enterprise + "/" + gateway);
        if (p != null) p.dropAbruptly();
    }

    /** Connections open now: one per gateway that published, plus the shared one if used. */
    int size() {
        return byGateway.size() + (shared == null ? 0 : 1);
    }

    /** Waits until every connection's publishes are acknowledged. */
    void flush() throws InterruptedException {
        if (shared != null) shared.flush(FLUSH_TIMEOUT_MS);
        for (MqttPublisher p : byGateway.values()) p.flush(FLUSH_TIMEOUT_MS);
    }

    /** Disconnects cleanly: the broker then publishes no Last Will (the run already said offline). */
    @Override
    public void close() {
        byGateway.values().forEach(MqttPublisher::close);
        if (shared != null) shared.close();
    }
}
