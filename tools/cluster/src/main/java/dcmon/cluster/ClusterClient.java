package dcmon.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.messages.webmonitor.ClusterOverview;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;
import org.apache.flink.runtime.rest.messages.ClusterOverviewHeaders;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;

/**
 * The JobManager's REST API through Flink's own {@link RestClusterClient}: the cluster's overview, jobs, submission
 * of a job jar and stop with a savepoint.
 */
public final class ClusterClient implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Configuration config;
    private final RestClusterClient<StandaloneClusterId> rest;

    ClusterClient(Configuration config) {
        this.config = config;
        try {
            this.rest = new RestClusterClient<>(config, StandaloneClusterId.getInstance());
        } catch (Exception e) {
            throw new ClusterException("cannot create a REST client of the cluster: " + e.getMessage(), e);
        }
    }

    /** TaskManagers registered, slots in total and free; empty when the JobManager does not answer. */
    public Optional<ClusterOverview> overview() {
        try {
            ClusterOverviewWithVersion o = rest.sendRequest(
                            ClusterOverviewHeaders.getInstance(),
                            EmptyMessageParameters.getInstance(),
                            EmptyRequestBody.getInstance())
                    .get(5, TimeUnit.SECONDS);
            return Optional.of(o);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Waits until {@code n} TaskManagers are registered; {@code check} fails early when a process has died. */
    void awaitTaskManagers(int n, Duration timeout, Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ClusterOverview> o = overview();
            if (o.isPresent() && o.get().getNumTaskManagersConnected() >= n) return;
            check.run();
            if (System.nanoTime() > deadline)
                throw new ClusterException(n + " TaskManagers did not register within " + timeout.toSeconds()
                        + " s ("
                        + o.map(v -> v.getNumTaskManagersConnected() + " did").orElse("no answer from the JobManager")
                        + ")");
            Thread.sleep(250);
        }
    }

    /** Every job the cluster knows, running or ended. */
    public List<JobStatusMessage> jobs() {
        Collection<JobStatusMessage> jobs = call(rest.listJobs(), "list the jobs");
        List<JobStatusMessage> out = new ArrayList<>(jobs);
        out.sort((a, b) -> Long.compare(a.getStartTime(), b.getStartTime()));
        return out;
    }

    public JobStatus status(JobID job) {
        return call(rest.getJobStatus(job), "read the status of job " + job);
    }

    /**
     * Submits the program in {@code jar} (its manifest's main class) with {@code args}: the job graph is made here,
     * by running the program's main against Flink's plan environment, and the jar goes to the cluster with it.
     *
     * @param savepoint a savepoint or retained checkpoint to start from, or null
     */
    public JobID submit(Path jar, List<String> args, int parallelism, Path savepoint) {
        if (!Files.isRegularFile(jar))
            throw new ClusterException("job jar " + jar + " not found: build it with "
                    + "mvn -pl jobs/monitoring -am package -DskipTests (or ./dcmon builds it)");
        if (savepoint != null && !Files.exists(savepoint))
            throw new ClusterException("--from-savepoint " + savepoint + ": no such savepoint or checkpoint");
        SavepointRestoreSettings restore = savepoint == null
                ? SavepointRestoreSettings.none()
                : SavepointRestoreSettings.forPath(
                        savepoint.toAbsolutePath().toUri().toString(), false);
        JobGraph graph;
        Configuration clientConfig = clientConfig(config);
        try {
            PackagedProgram program = PackagedProgram.newBuilder()
                    .setJarFile(new File(jar.toAbsolutePath().toString()))
                    .setArguments(args.toArray(String[]::new))
                    .setConfiguration(clientConfig)
                    .setSavepointRestoreSettings(restore)
                    .build();
            graph = PackagedProgramUtils.createJobGraph(program, clientConfig, parallelism, false);
        } catch (Exception e) {
            throw new ClusterException("the job in " + jar + " could not be built: " + rootMessage(e), e);
        }
        graph.setSavepointRestoreSettings(restore);
        return call(rest.submitJob(graph), "submit the job");
    }

    /**
     * The configuration the job graph is made with here. This process has the job's classes and their Kafka client
     * on its own class path (dcmon's command line carries everything), unlike Flink's own client, so the program's
     * class loader looks there first: child-first, the jar's Kafka classes met the connector classes Flink always
     * loads from the parent, and linking failed. The cluster still loads the job from the jar alone.
     */
    static Configuration clientConfig(Configuration cluster) {
        Configuration c = new Configuration(cluster);
        c.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
        return c;
    }

    /**
     * Stops the job with a savepoint in {@code dir} (the cluster's savepoint directory when null): sources stop
     * after the savepoint, sinks commit it; returns the savepoint's path.
     */
    public String stopWithSavepoint(JobID job, Path dir) {
        String target = dir == null ? null : dir.toAbsolutePath().toUri().toString();
        return call(rest.stopWithSavepoint(job, false, target, SavepointFormatType.CANONICAL), "stop job " + job);
    }

    /** Waits until the job has reached {@code want}; fails at once if it ends otherwise. */
    public void awaitStatus(JobID job, JobStatus want, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus now = null;
        while (System.nanoTime() < deadline) {
            try {
                now = rest.getJobStatus(job).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                now = null;
            }
            if (now == want) return;
            if (now != null && now.isGloballyTerminalState())
                throw new ClusterException("job " + job + " ended " + now + ", not " + want);
            Thread.sleep(250);
        }
        throw new ClusterException(
                "job " + job + " is " + now + ", not " + want + ", after " + timeout.toSeconds() + " s");
    }

    private static <T> T call(java.util.concurrent.CompletableFuture<T> f, String what) {
        try {
            return f.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while trying to " + what);
        } catch (Exception e) {
            throw new ClusterException("could not " + what + ": " + rootMessage(e), e);
        }
    }

    /** The innermost cause's message: Flink wraps a REST error several times. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.strip();
    }

    @Override
    public void close() {
        rest.close();
    }
}
