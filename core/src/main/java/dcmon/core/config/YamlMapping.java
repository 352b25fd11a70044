package dcmon.core.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping with typed, located access to its fields. Every accessor that finds a problem records an
 * error naming the file, the line of the offending value (or of the mapping when a field is missing) and the
 * dotted field path, and returns null so that validation can continue.
 *
 * <p>Types are strict on purpose: a number written as quoted text ({@code "12"}) or a boolean written as text
 * is an error, not silently converted, because such values usually hide a typo.
 */
public final class YamlMapping {
    // Decimal notation only: YAML 1.1 would also read 0x1F, 017 (octal) and 1:30 (base 60) as numbers.
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private final YamlFile file;
    private final MappingNode node;
    private final String path;
    private final Map<String, NodeTuple> fields = new LinkedHashMap<>();

    /** @param allowed field names accepted, in the order to list them in messages; null accepts any name */
    YamlMapping(YamlFile file, MappingNode node, String path, String what, Collection<String> allowed) {
        this.file = file;
        this.node = node;
        this.path = path;
        for (NodeTuple t : node.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode ks) || ks.getTag().equals(Tag.NULL)) {
                file.error(k, path, "field names must be plain text, found " + YamlFile.describe(k));
                continue;
            }
            String key = ks.getValue();
            if (ks.getTag().equals(Tag.MERGE)) {
                file.error(k, path, "merge keys (<<) are not supported; write the fields out");
            } else if (fields.containsKey(key)) {
                file.error(
                        k,
                        field(key),
                        "duplicate field '" + key + "' (first on line "
                                + YamlFile.line(fields.get(key).getKeyNode()) + ")");
            } else if (allowed != null && !allowed.contains(key)) {
                file.error(
                        k,
                        field(key),
                        "unknown field '" + key + "' in " + what + "; allowed: " + String.join(", ", allowed));
            } else {
                fields.put(key, t);
            }
        }
    }

    public YamlFile file() {
        return file;
    }

    public MappingNode node() {
        return node;
    }

    /** Dotted path of this mapping, e.g. {@code enterprises[3].points[0]}. */
    public String path() {
        return path;
    }

    /** Dotted path of one of its fields. */
    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** 1-based line where the mapping starts. */
    public int line() {
        return YamlFile.line(node);
    }

    /** True when the field is present with a non-empty value. */
    public boolean has(String key) {
        NodeTuple t = fields.get(key);
        return t != null && !isNull(t.getValueNode());
    }

    /** The field's value node, or null when absent or empty. */
    public Node value(String key) {
        return has(key) ? fields.get(key).getValueNode() : null;
    }

    /** Line of the field's value, or of the mapping when the field is absent. */
    public int lineOf(String key) {
        NodeTuple t = fields.get(key);
        return t == null ? line() : YamlFile.line(t.getValueNode());
    }

    /** Records an error on a field: at its value's line when present, else at the mapping's line. */
    public void error(String key, String message) {
        file.error(lineOf(key), field(key), message);
    }

    /** Error for a required field that is absent or empty. */
    public void missing(String key) {
        error(key, fields.containsKey(key) ? "must not be empty" : "required field '" + key + "' is missing");
    }

    /** A text field (a plain number is read as its text, e.g. a division code); null with an error if invalid. */
    public String text(String key, boolean required) {
        Node v = value(key);
        if (v == null) {
            if (required) missing(key);
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            error(key, "must be text, found " + YamlFile.describe(v));
            return null;
        }
        if (s.getValue().isBlank()) {
            if (required) error(key, "must not be empty");
            return null;
        }
        return s.getValue();
    }

    /** A finite decimal number; quoted numbers are errors. */
    public Double number(String key, boolean required) {
        Node v = value(key);
        if (v == null) {
            if (required) missing(key);
            return null;
        }
        ScalarNode s = v instanceof ScalarNode sn ? sn : null;
        boolean numericTag =
                s != null && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT));
        String digits = s == null ? null : s.getValue().replace("_", "");
        if (!numericTag || !DECIMAL.matcher(digits).matches()) {
            String hint = s != null
                            && s.getTag().equals(Tag.STR)
                            && DECIMAL.matcher(digits.trim()).matches()
                    ? " (write the number without quotes)"
                    : "";
            error(key, "must be a decimal number, found " + YamlFile.describe(v) + hint);
            return null;
        }
        double d = Double.parseDouble(digits);
        if (!Double.isFinite(d)) {
            error(key, "must be a finite number, found " + s.getValue());
            return null;
        }
        return d;
    }

    /** A number that must be strictly positive. */
    public Double positive(String key, boolean required) {
        Double d = number(key, required);
        if (d != null && d <= 0) {
            error(key, "must be greater than 0, found " + s(d));
            return null;
        }
        return d;
    }

    /** A number that must be zero or positive. */
    public Double nonNegative(String key, boolean required) {
        Double d = number(key, required);
        if (d != null && d < 0) {
            error(key, "must be 0 or greater, found " + s(d));
            return null;
        }
        return d;
    }

    /** A whole number within [min, max]. */
    public Integer integer(String key, boolean required, int min, int max) {
        Double d = number(key, required);
        if (d == null) return null;
        Node v = value(key);
        if (!((ScalarNode) v).getTag().equals(Tag.INT) && d != Math.rint(d)) {
            error(key, "must be a whole number, found " + ((ScalarNode) v).getValue());
            return null;
        }
        if (d < min || d > max) {
            error(key, "must be between " + min + " and " + max + ", found " + s(d));
            return null;
        }
        return (int) Math.rint(d);
    }

    /** A YAML boolean (true/false); quoted booleans are errors. */
    public Boolean bool(String key, boolean required) {
        Node v = value(key);
        if (v == null) {
            if (required) missing(key);
            return null;
        }
        if (!(v instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
            error(key, "must be true or false, found " + YamlFile.describe(v));
            return null;
        }
        String b = s.getValue().toLowerCase();
        return b.equals("true") || b.equals("yes") || b.equals("on");
    }

    /** A list field as nodes; an empty list when absent and not required. Null with an error if not a list. */
    public List<Node> list(String key, boolean required) {
        Node v = value(key);
        if (v == null) {
            if (required) missing(key);
            return required ? null : List.of();
        }
        List<Node> items = file.sequence(v, field(key));
        return items == null ? null : new ArrayList<>(items);
    }

    /** A nested mapping field, or null (with an error when required or not a mapping). */
    public YamlMapping mapping(String key, boolean required, String what, Collection<String> allowed) {
        Node v = value(key);
        if (v == null) {
            if (required) missing(key);
            return null;
        }
        return file.mapping(v, field(key), what, allowed);
    }

    /** Field names present, in file order. */
    public List<String> keys() {
        return new ArrayList<>(fields.keySet());
    }

    /** Formats a number as written, without a trailing ".0" for whole values. */
    public static String s(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }
}
