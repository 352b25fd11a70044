package dcmon.monitoring;

import dcmon.core.calendar.ShanghaiCalendar;
import dcmon.core.monthly.MonthlyJson;
import dcmon.core.monthly.MonthlySnapshot;
import dcmon.core.progress.ProductProgress;
import dcmon.core.progress.Progress;
import dcmon.core.usage.UsageTotals;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The month close's rules, shared by the enterprise and region progress functions (docs/design.md, *Month close*):
 * when a month closes, when it is final, what a snapshot holds, and which revision, if any, a recomputed snapshot
 * is. State is the caller's: closed months by month start ({@link ClosedMonth}).
 */
final class MonthClose {
    private MonthClose() {}

    /**
     * How long after the lateness a month may still change: a late reading re-splits the step it falls into, and
     * the daily pruning keeps readings from one day before the lateness (docs/design.md, *Late data*).
     */
    static final long FINAL_MARGIN_MS = 2 * ShanghaiCalendar.DAY_MS;

    /** Days of the recent-rate window before the month's last day, as {@link ProgressHistory#recent}. */
    static final long RECENT_WINDOW_MS = ProgressHistory.RECENT_DAYS * ShanghaiCalendar.DAY_MS;

    static YearMonth month(long ts) {
        LocalDate d = ShanghaiCalendar.date(ts);
        return YearMonth.of(d.getYear(), d.getMonthValue());
    }

    static long start(YearMonth m) {
        return ShanghaiCalendar.startOf(m.atDay(1));
    }

    /**
     * When the month closes: the first Shanghai midnight at or after its end plus the grace. Every unit with state is
     * evaluated at every midnight, so all units close a month at the same instant and their regions see them all.
     */
    static long closeAt(YearMonth m, long graceMs) {
        long t = MonthlySnapshot.end(m) + graceMs;
        long day = ShanghaiCalendar.dayStart(t);
        return day == t ? t : day + ShanghaiCalendar.DAY_MS;
    }

    /** From when no accepted reading can change the month any more: its state is dropped then. */
    static long finalAt(YearMonth m, long latenessMs) {
        return MonthlySnapshot.end(m) + latenessMs + FINAL_MARGIN_MS;
    }

    /** Whether a month is closed at {@code now} and may still change. */
    static boolean open(YearMonth m, long now, long graceMs, long latenessMs) {
        return now >= closeAt(m, graceMs) && now < finalAt(m, latenessMs);
    }

    /**
     * Marks dirty every closed month that a change of the period starting at {@code periodStart} can alter: its own
     * month and the later ones (year to date, and the next year's seasonal profile).
     */
    static void markDirty(StateMap<Long, ClosedMonth> closed, long periodStart) throws Exception {
        long month = ShanghaiCalendar.monthStart(periodStart);
        for (Map.Entry<Long, ClosedMonth> e : closed.entries()) {
            if (e.getKey() >= month && !e.getValue().dirty) {
                ClosedMonth c = e.getValue();
                c.dirty = true;
                e.setValue(c);
            }
        }
    }

    /**
     * A unit's day or month delta: marks the closed months it can alter dirty ({@link #markDirty}) and adds a day's
     * delta to the recent-rate window of each closed month whose window holds the day.
     */
    static void onDelta(StateMap<Long, ClosedMonth> closed, boolean day, long start, UsageTotals delta)
            throws Exception {
        if (closed.isEmpty()) return;
        markDirty(closed, start);
        if (!day) return;
        for (Map.Entry<Long, ClosedMonth> e : closed.entries()) {
            ClosedMonth c = e.getValue();
            long asOf = MonthlySnapshot.asOf(month(e.getKey()));
            if (c.recent == null || start > asOf || start < ShanghaiCalendar.dayStart(asOf) - RECENT_WINDOW_MS)
                continue;
            c.recent.add(delta);
            c.recentFirst = Math.min(c.recentFirst, start);
            e.setValue(c);
        }
    }

    /**
     * The snapshot to send for a recomputed month, or null when it says what the last one sent said; records the
     * revision and hash in {@code closed}.
     */
    static MonthlySnapshot revision(StateMap<Long, ClosedMonth> closed, ClosedMonth c, MonthlySnapshot s)
            throws Exception {
        long hash = MonthlyJson.contentHash(s);
        long key = start(s.month());
        c.dirty = false;
        if (c.revision > 0 && c.hash == hash) {
            closed.put(key, c);
            return null;
        }
        c.revision++;
        c.hash = hash;
        closed.put(key, c);
        return s.withRevision(c.revision);
    }

    /** Forgets the months that can no longer change. */
    static void prune(StateMap<Long, ClosedMonth> closed, long now, long latenessMs) throws Exception {
        List<Long> drop = new ArrayList<>();
        for (long key : closed.keys()) if (now >= finalAt(month(key), latenessMs)) drop.add(key);
        for (long key : drop) closed.remove(key);
    }

    /** The month's totals by the field names of the {@code *_usage} rows. */
    static Map<String, Object> totals(UsageTotals t) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("tce", t.tce);
        f.put("tce_equal_value", t.tceEqualValue);
        f.put("tce_policy", t.tcePolicy);
        f.put("tco2", t.tco2);
        f.put("estimated", t.isEstimated());
        for (int i = 0; i < t.products.length; i++) f.put("output_" + t.products[i], t.outputs[i]);
        return f;
    }

    static MonthlySnapshot snapshot(
            String level,
            String code,
            YearMonth month,
            Map<String, String> tags,
            UsageTotals monthTotals,
            UsageTotals ytd,
            Progress p) {
        Map<String, Map<String, Object>> products = new TreeMap<>();
        for (ProductProgress pp : p.products()) products.put(pp.product(), pp.fields());
        return new MonthlySnapshot(level, code, month, 0, tags, totals(monthTotals), totals(ytd), p.fields(), products);
    }
}
