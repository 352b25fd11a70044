package dcmon.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML configuration file read as a node tree (SnakeYAML {@code compose}), so that every value keeps its
 * line, plus the list that collects this file's errors. Validation code reads values through
 * {@link YamlMapping} and keeps going after an error, so a single run reports every problem.
 */
public final class YamlFile {
    private final String file;
    private final List<ConfigError> errors;
    private final Node root;

    private YamlFile(String file, List<ConfigError> errors, Node root) {
        this.file = file;
        this.errors = errors;
        this.root = root;
    }

    /**
     * Reads and composes a file; syntax errors, unreadable files and empty files are added to {@code errors}.
     *
     * @param file name of the file in error messages (the path as given to the loader)
     * @return the file, whose {@link #root()} is null when it could not be read
     */
    public static YamlFile read(Path path, String file, List<ConfigError> errors) {
        Node root = null;
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // the default 3 MB limit is too small for a province's registry kept in one file
        options.setCodePointLimit(64 * 1024 * 1024);
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            root = new Yaml(options).compose(reader);
            if (root == null) errors.add(new ConfigError(file, 0, "", "file is empty"));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            errors.add(new ConfigError(
                    file, mark == null ? 0 : mark.getLine() + 1, "", "YAML syntax error: " + e.getProblem()));
        } catch (YAMLException e) {
            // the YAML reader wraps decoding failures of the underlying reader
            String problem = e.getCause() instanceof CharacterCodingException
                    ? "not valid UTF-8 text"
                    : "YAML error: " + e.getMessage();
            errors.add(new ConfigError(file, 0, "", problem));
        } catch (CharacterCodingException e) {
            errors.add(new ConfigError(file, 0, "", "not valid UTF-8 text"));
        } catch (IOException e) {
            errors.add(new ConfigError(file, 0, "", "cannot read file: " + e));
        }
        return new YamlFile(file, errors, root);
    }

    public String file() {
        return file;
    }

    /** The document's root node, or null when the file could not be read. */
    public Node root() {
        return root;
    }

    /** 1-based line where a node starts. */
    public static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    public void error(Node at, String field, String message) {
        errors.add(new ConfigError(file, at == null ? 0 : line(at), field, message));
    }

    public void error(int line, String field, String message) {
        errors.add(new ConfigError(file, line, field, message));
    }

    /**
     * The node as a mapping whose keys must all be in {@code allowed}; unknown, duplicate and merge keys are
     * reported.
     *
     * @param what    what the mapping is, for messages ("enterprise", "point")
     * @param allowed field names accepted, in the order to list them in messages; null accepts any name
     * @return the mapping, or null (with an error) when the node is not a mapping
     */
    public YamlMapping mapping(Node node, String path, String what, Collection<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            error(node, path, what + " must be a mapping of fields, found " + describe(node));
            return null;
        }
        return new YamlMapping(this, m, path, what, allowed);
    }

    /** The node as a list, or null (with an error) when it is not one. */
    public List<Node> sequence(Node node, String path) {
        if (node instanceof SequenceNode s) return s.getValue();
        error(node, path, "must be a list, found " + describe(node));
        return null;
    }

    /** A list item that must be text; null (with an error) otherwise. */
    public String text(Node node, String path) {
        if (node instanceof ScalarNode s
                && !s.getTag().getValue().equals("tag:yaml.org,2002:null")
                && !s.getValue().isBlank()) {
            return s.getValue();
        }
        boolean empty = node instanceof ScalarNode s && s.getValue().isBlank();
        error(node, path, empty ? "must not be empty" : "must be text, found " + describe(node));
        return null;
    }

    /** Short description of what a node holds, for "found …" in messages. */
    public static String describe(Node node) {
        if (node == null) return "nothing";
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        ScalarNode s = (ScalarNode) node;
        return switch (s.getTag().getValue()) {
            case "tag:yaml.org,2002:null" -> "an empty value";
            case "tag:yaml.org,2002:str" -> "the text \"" + s.getValue() + "\"";
            case "tag:yaml.org,2002:bool" -> "the boolean " + s.getValue();
            case "tag:yaml.org,2002:int", "tag:yaml.org,2002:float" -> "the number " + s.getValue();
            default -> "'" + s.getValue() + "'";
        };
    }
}
