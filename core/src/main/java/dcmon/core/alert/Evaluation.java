package dcmon.core.alert;

/**
 * A rule's verdict on a value: the severity reached and the threshold of that severity.
 */
public record Evaluation(Severity severity, double threshold) {}
