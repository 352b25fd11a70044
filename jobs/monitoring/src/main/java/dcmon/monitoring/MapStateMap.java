package dcmon.monitoring;

import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/** A {@link StateMap} over Flink's keyed map state: the only one in the job, so its calls stay monomorphic. */
final class MapStateMap<K, V> implements StateMap<K, V> {
    private final MapState<K, V> state;

    MapStateMap(MapState<K, V> state) {
        this.state = state;
    }

    @Override
    public V get(K key) throws Exception {
        return state.get(key);
    }

    @Override
    public void put(K key, V value) throws Exception {
        state.put(key, value);
    }

    @Override
    public void remove(K key) throws Exception {
        state.remove(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() throws Exception {
        return state.entries();
    }

    @Override
    public Iterable<K> keys() throws Exception {
        return state.keys();
    }

    @Override
    public boolean isEmpty() throws Exception {
        return state.isEmpty();
    }

    @Override
    public void clear() {
        state.clear();
    }
}
