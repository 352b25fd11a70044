package dcmon.console.alerts;

import dcmon.console.auth.Scope;
import dcmon.console.auth.User;
import dcmon.console.db.Database;
import dcmon.console.outbox.Outbox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The review workflow: new → acknowledged → resolved | dismissed, reopen back to new, comments at any time. Each
 * action is one appended row of {@code reviews}; the alert keeps the resulting status and who set it when.
 */
public final class Reviews {
    public static final int MAX_COMMENT = 2000;

    /** A review action and the statuses it applies to. */
    public enum Action {
        ACKNOWLEDGE(Set.of("new"), "acknowledged"),
        RESOLVE(Set.of("new", "acknowledged"), "resolved"),
        DISMISS(Set.of("new", "acknowledged"), "dismissed"),
        REOPEN(Set.of("acknowledged", "resolved", "dismissed"), "new"),
        COMMENT(Set.of("new", "acknowledged", "resolved", "dismissed"), null);

        private final Set<String> from;
        private final String to;

        Action(Set<String> from, String to) {
            this.from = from;
            this.to = to;
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Action> parse(String value) {
            for (Action a : values()) if (a.wire().equals(value)) return Optional.of(a);
            return Optional.empty();
        }
    }

    /** Outcome of a review request. */
    public enum Outcome {
        DONE,
        NOT_FOUND,
        CONFLICT
    }

    /** The outcome and the alert's review status after it. */
    public record Result(Outcome outcome, String status) {}

    private final Database db;

    public Reviews(Database db) {
        this.db = db;
    }

    /**
     * Applies the action to the alert if it is in the reviewer's scope and its status allows the action. The
     * caller checks that the account may review at all.
     */
    public Result apply(User reviewer, String alertId, Action action, String comment) {
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        if (action == Action.COMMENT && text == null) throw new IllegalArgumentException("a comment needs text");
        if (text != null && text.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("comment longer than " + MAX_COMMENT + " characters");
        }
        Scope scope = Scope.of(reviewer);
        return db.inTransaction(c -> {
            String status;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT review_status FROM alerts WHERE id = ? AND (" + scope.condition() + ") FOR UPDATE")) {
                List<String> params = new ArrayList<>();
                params.add(alertId);
                params.addAll(scope.parameters());
                for (int i = 0; i < params.size(); i++) s.setString(i + 1, params.get(i));
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) return new Result(Outcome.NOT_FOUND, null);
                    status = rs.getString(1);
                }
            }
            if (!action.from.contains(status)) return new Result(Outcome.CONFLICT, status);
            long reviewId;
            java.time.Instant at;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO reviews (alert_id, actor, action, comment) "
                    + "VALUES (?, ?, ?, ?) RETURNING id, at")) {
                s.setString(1, alertId);
                s.setString(2, reviewer.name());
                s.setString(3, action.wire());
                s.setString(4, text);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    reviewId = rs.getLong(1);
                    at = rs.getTimestamp(2).toInstant();
                }
            }
            // for the exports: published to Kafka once this transaction has committed
            Outbox.review(
                    c,
                    reviewId,
                    alertId,
                    action.wire(),
                    action.to == null ? status : action.to,
                    reviewer.name(),
                    text,
                    at);
            if (action.to == null) return new Result(Outcome.DONE, status);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE alerts SET review_status = ?, reviewed_by = ?, " + "reviewed_at = now() WHERE id = ?")) {
                s.setString(1, action.to);
                s.setString(2, reviewer.name());
                s.setString(3, alertId);
                s.executeUpdate();
            }
            return new Result(Outcome.DONE, action.to);
        });
    }
}
