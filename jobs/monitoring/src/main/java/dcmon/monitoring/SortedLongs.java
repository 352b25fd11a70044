package dcmon.monitoring;

import java.util.Arrays;

/** Sets of longs kept as ascending arrays of distinct values: a point's days waiting for their roll-up rows. */
final class SortedLongs {
    private SortedLongs() {}

    /**
     * Sorted union of two ascending arrays of distinct values ({@code a} may be null); {@code a} itself when it has
     * all of {@code b}, so a caller sees by identity that nothing is new and need not write it back.
     */
    static long[] union(long[] a, long[] b) {
        if (a == null || a.length == 0) return b;
        if (containsAll(a, b)) return a;
        long[] out = new long[a.length + b.length];
        int i = 0, j = 0, n = 0;
        while (i < a.length || j < b.length) {
            long v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || out[n - 1] != v) out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }

    /** Whether the ascending array {@code a} holds every value of {@code b}. */
    static boolean containsAll(long[] a, long[] b) {
        for (long v : b) {
            if (Arrays.binarySearch(a, v) < 0) return false;
        }
        return true;
    }
}
