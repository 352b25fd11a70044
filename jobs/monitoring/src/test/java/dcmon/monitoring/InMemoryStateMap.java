package dcmon.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link StateMap} in a plain map, counting reads, so that tests can see which state a step reads. */
final class InMemoryStateMap<K, V> implements StateMap<K, V> {
    final Map<K, V> map = new LinkedHashMap<>();
    int reads;

    @Override
    public V get(K key) {
        reads++;
        return map.get(key);
    }

    @Override
    public void put(K key, V value) {
        map.put(key, value);
    }

    @Override
    public void remove(K key) {
        map.remove(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        reads++;
        return map.entrySet();
    }

    @Override
    public Iterable<K> keys() {
        reads++;
        return map.keySet();
    }

    @Override
    public boolean isEmpty() {
        reads++;
        return map.isEmpty();
    }

    @Override
    public void clear() {
        map.clear();
    }

    /** A fresh enterprise state of four in-memory maps. */
    static EnterpriseState enterpriseState() {
        return new EnterpriseState(
                new InMemoryStateMap<>(), new InMemoryStateMap<>(), new InMemoryStateMap<>(), new InMemoryStateMap<>());
    }

    @SuppressWarnings("unchecked")
    static <K, V> InMemoryStateMap<K, V> of(StateMap<K, V> m) {
        return (InMemoryStateMap<K, V>) m;
    }
}
