package dcmon.cli;

import dcmon.assessment.ExportException;
import dcmon.assessment.ExporterService;
import dcmon.assessment.Lang;
import dcmon.core.config.ConfigException;
import dcmon.influx.InfluxSchema;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dcmon exporter}: the exporter service, writing every closed month's revisions (docs/exports.md). */
@Command(
        name = "exporter",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the exporter service (导出服务): reads the job's month snapshots (dcmon.monthly) and alerts"
                    + " (dcmon.alerts), and the month's data quality from InfluxDB, and writes each revision of every closed month into <out>/<YYYY-MM>/r<N>/:"
                    + " the workbook, the CSV files and manifest.json, atomically; a revision already on disk byte for"
                    + " byte is not written again. Runs until Ctrl-C."
        })
final class ExporterCommand implements Callable<Integer> {

    @Option(
            names = "--kafka",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers, the running demo's by default (default: ${DEFAULT-VALUE})")
    String kafka;

    @Mixin
    KafkaClientOptions kafkaClient;

    @Option(
            names = "--influx",
            defaultValue = "http://127.0.0.1:8086",
            description = "the job's InfluxDB, read for each revision's data-quality sheet (default: ${DEFAULT-VALUE})")
    String influx;

    @Option(
            names = "--influx-db",
            defaultValue = InfluxSchema.DATABASE,
            description = "InfluxDB database (default: ${DEFAULT-VALUE})")
    String influxDb;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "var/exports/monthly",
            description = "where the months go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--lang",
            defaultValue = "zh",
            description = "zh: Chinese headings with units; en: English labels and snake_case headings"
                    + " (default: ${DEFAULT-VALUE})")
    String lang;

    @Option(
            names = "--registry",
            defaultValue = "config/samples/hubei",
            description = "registry directory (default: ${DEFAULT-VALUE})")
    Path registry;

    @Option(
            names = "--reference",
            defaultValue = "config/reference",
            description = "reference tables (default: ${DEFAULT-VALUE})")
    Path reference;

    @Option(
            names = "--alerts",
            defaultValue = "config/alerts.yaml",
            description = "alert rules, for the barometer colours; built-in colours when absent"
                    + " (default: ${DEFAULT-VALUE})")
    Path alerts;

    @Override
    public Integer call() throws InterruptedException, ConfigException {
        Lang l;
        try {
            l = Lang.of(lang);
        } catch (IllegalArgumentException e) {
            System.err.println("dcmon exporter: --lang: " + e.getMessage());
            return 1;
        }
        ExporterService service;
        try {
            service = ExporterService.open(
                    new ExporterService.Options(kafka, kafkaClient.properties(), out, l, influx, influxDb),
                    registry,
                    reference,
                    alerts,
                    System.out::println);
        } catch (ExportException e) {
            System.err.println("dcmon exporter: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.close();
                            stopped.countDown();
                        },
                        "exporter-stop"));
        System.out.println("exporter: " + kafka + " → " + out + " (Ctrl-C stops it)");
        service.start();
        stopped.await();
        return 0;
    }
}
