package dcmon.bench;

/** One way of measuring; {@link BenchCommand} picks it by name. Prints a {@code RESULT mode=…} line on success. */
interface BenchMode {
    int run(BenchCommand bench) throws Exception;
}
