package dcmon.core.registry;

import java.io.Serializable;

/** Comprehensive consumption in the baseline year (2015 for the 2017 Hubei programme). */
public record Baseline(int year, double consumptionTce) implements Serializable {}
