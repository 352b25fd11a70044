package dcmon.simulator;

import dcmon.core.Topics;
import dcmon.core.reading.MqttTopic;
import dcmon.core.registry.Enterprise;
import dcmon.core.registry.Gateway;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's MQTT connections: one per gateway, each with the Last Will a real gateway leaves (its status topic,
 * {@code {"state":"offline"}}, retained), so a gateway that dies alone is seen offline by the broker; or a single one
 * for everything. A message on a topic that names no gateway (an injected bad topic) goes on a connection of its own.
 * Each gateway's messages keep their order on its connection; nothing orders messages across gateways, and nothing
 * downstream needs it.
 */
final class GatewayConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConnections.class);
    private static final int PARALLEL_CONNECTS = 16;
    static final byte[] OFFLINE = "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8);
    private static final long FLUSH_TIMEOUT_MS = 120_000;

    private final SimulatorOptions options;
    private final SocketFactory sockets;
    private final Map<String, MqttPublisher> byGateway = new LinkedHashMap<>();
    private MqttPublisher shared;

    GatewayConnections(SimulatorOptions options) throws MqttException {
        this.options = options;
        this.sockets = options.socketFactory();
        if (!options.connectionPerGateway()) {
            shared = connect(options.clientId(), null, null, null);
        } else {
            connectAll();
        }
    }

    /**
     * Connects every registered gateway up front, several at a time: one by one, a hundred gateways took half a
     * minute before the first reading. A gateway the registry does not know (an injected fault) connects on first use.
     */
    private void connectAll() throws MqttException {
        long started = System.nanoTime();
        Map<String, Future<MqttPublisher>> pending = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CONNECTS);
        try {
            for (Enterprise e : options.registry().enterprises()) {
                for (Gateway g : e.gateways()) {
                    String clientId = options.clientId() + "-" + e.code() + "-" + g.id();
                    pending.put(e.code() + "/" + g.id(), pool.submit(() -> connect(clientId, e.code(), g.id())));
                }
            }
            for (Map.Entry<String, Future<MqttPublisher>> f : pending.entrySet()) {
                byGateway.put(f.getKey(), f.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while connecting the gateways", e);
        } catch (ExecutionException e) {
            close();
            if (e.getCause() instanceof MqttException m) throw m;
            throw new IllegalStateException("cannot connect a gateway: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        LOG.info(
                "{} gateways connected to {}, each with its Last Will, in {} ms",
                byGateway.size(),
                options.mqttUrl(),
                (System.nanoTime() - started) / 1_000_000);
    }

    void publish(String topic, byte[] payload, boolean retained) throws MqttException, InterruptedException {
        connectionFor(topic).publish(topic, payload, retained);
    }

    private MqttPublisher connectionFor(String topic) throws MqttException {
        if (!options.connectionPerGateway()) return shared;
        MqttTopic gateway = MqttTopic.parseReadings(topic);
        if (gateway == null) gateway = MqttTopic.parseStatus(topic);
        if (gateway == null) {
            if (shared == null) shared = connect(options.clientId(), null, null, null);
            return shared;
        }
        String key = gateway.enterprise() + "/" + gateway.gateway();
        MqttPublisher p = byGateway.get(key);
        if (p == null) {
            p = connect(
                    options.clientId() + "-" + gateway.enterprise() + "-" + gateway.gateway(),
                    gateway.enterprise(),
                    gateway.gateway());
            byGateway.put(key, p);
        }
        return p;
    }

    /** A gateway's connection, with its Last Will and its own login when the options carry logins per gateway. */
    private MqttPublisher connect(String clientId, String enterprise, String gateway) throws MqttException {
        String will = Topics.statusTopic(enterprise, gateway);
        if (options.gatewayLogins().isEmpty()) {
            return connect(clientId, will, options.username(), options.password());
        }
        GatewayLogin login = options.gatewayLogins().get(GatewayLogin.key(enterprise, gateway));
        if (login == null) {
            // an injected fault on an unregistered gateway, or a credentials file older than the registry
            throw new IllegalStateException("no MQTT login for gateway " + enterprise + "/" + gateway
                    + " in the credentials given: run mqtt-auth on this registry again, or leave out the faults"
                    + " that publish for unregistered gateways (--faults all,-unknown-enterprise,-unknown-gateway)");
        }
        return connect(clientId, will, login.username(), login.password());
    }

    private MqttPublisher connect(String clientId, String willTopic, String username, char[] password)
            throws MqttException {
        MqttPublisher p = new MqttPublisher(
                options.mqttUrl(),
                clientId,
                username,
                password,
                options.maxInFlight(),
                willTopic,
                willTopic == null ? null : OFFLINE,
                sockets);
        p.connect();
        return p;
    }

    /**
     * Drops a gateway's connection as a power or network loss would: the broker publishes its Last Will. What it
     * published before is acknowledged first, so that nothing counted as published is lost with the connection.
     * Its later messages, if any, go on a new connection.
     */
    void dropAbruptly(String enterprise, String gateway) throws InterruptedException {
        MqttPublisher p = byGateway.remove(enterprise + "/" + gateway);
        if (p == null) return;
        p.flush(FLUSH_TIMEOUT_MS);
        p.dropAbruptly();
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
        // one by one, each disconnect waits for its broker's answer: a hundred gateways took seconds
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CONNECTS);
        try {
            List<Future<?>> closing = new ArrayList<>();
            for (MqttPublisher p : byGateway.values()) closing.add(pool.submit(p::close));
            for (Future<?> f : closing) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    LOG.warn(
                            "closing a gateway connection failed: {}",
                            e.getCause().toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        byGateway.clear();
        if (shared != null) shared.close();
    }
}
