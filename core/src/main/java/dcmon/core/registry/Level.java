package dcmon.core.registry;

import java.io.Serializable;

/**
 * A target value with its basic level (基本目标) and, where set, the stricter incentive level (激励目标).
 * Written in config as a plain number (basic only) or as {@code {basic: 3300000, incentive: 3200000}}.
 *
 * @param basic     the binding level: progress and alerts are measured against it
 * @param incentive the incentive level, or null; never looser than the basic level
 */
public record Level(double basic, Double incentive) implements Serializable {
    public static Level of(double basic) {
        return new Level(basic, null);
    }
}
