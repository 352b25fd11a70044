package dcmon.bench;

import java.util.List;

/**
 * One way of measuring; {@link BenchCommand} picks it by name, runs it {@code --repeat} times and prints the
 * {@code RESULT mode=…} line of its results.
 */
interface BenchMode {
    /** One run: its RESULT pairs and checks. Throws when it could not measure at all. */
    BenchResult run(BenchCommand bench) throws Exception;

    /** The figures whose min / median / max over repeated runs the RESULT line reports; the first orders the runs. */
    List<String> spread();
}
