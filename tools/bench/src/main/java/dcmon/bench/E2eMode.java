package dcmon.bench;

/** {@code bench e2e}: simulator → MQTT → bridge → Kafka → job → InfluxDB. Waits for the simulator's run loop. */
final class E2eMode implements BenchMode {
    @Override
    public int run(BenchCommand bench) {
        bench.out().println("bench e2e: not implemented yet");
        bench.out().flush();
        return 2;
    }
}
