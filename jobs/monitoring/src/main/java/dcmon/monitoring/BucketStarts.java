package dcmon.monitoring;

import dcmon.core.calendar.ShanghaiCalendar;
import java.util.Arrays;

/** The distinct quarter-hour bucket starts a message changed of one point, ascending; mostly one. */
final class BucketStarts {
    private long[] starts = new long[2];
    private int size;

    int size() {
        return size;
    }

    long get(int i) {
        return starts[i];
    }

    void add(long start) {
        int i = Arrays.binarySearch(starts, 0, size, start);
        if (i >= 0) return;
        i = -i - 1;
        if (size == starts.length) starts = Arrays.copyOf(starts, size * 2);
        System.arraycopy(starts, i, starts, i + 1, size - i);
        starts[i] = start;
        size++;
    }

    /** Distinct Shanghai day starts of the buckets, ascending. */
    long[] days() {
        long[] out = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            long day = ShanghaiCalendar.dayStart(starts[i]);
            if (n == 0 || out[n - 1] != day) out[n++] = day;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
