package dcmon.monitoring;

import java.util.Map;

/**
 * The map operations the job's usage counting needs of keyed state: Flink's map state in the job
 * ({@link MapStateMap}), a plain map in unit tests.
 */
interface StateMap<K, V> {
    V get(K key) throws Exception;

    void put(K key, V value) throws Exception;

    void remove(K key) throws Exception;

    /** Entries whose {@link Map.Entry#setValue} writes through. */
    Iterable<Map.Entry<K, V>> entries() throws Exception;

    Iterable<K> keys() throws Exception;

    boolean isEmpty() throws Exception;

    void clear();
}
