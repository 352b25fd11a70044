package dcmon.core.registry;

import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** All registered enterprises, by unified social credit code. Immutable. */
public final class Registry implements Serializable {
    private final Map<String, Enterprise> enterprises;

    public Registry(Collection<Enterprise> enterprises) {
        Map<String, Enterprise> m = new LinkedHashMap<>();
        for (Enterprise e : enterprises) m.put(e.code(), e);
        this.enterprises = Collections.unmodifiableMap(m);
    }

    /** @return the enterprise with this code, or null */
    public Enterprise enterprise(String code) {
        return enterprises.get(code);
    }

    public Collection<Enterprise> enterprises() {
        return enterprises.values();
    }

    public int size() {
        return enterprises.size();
    }
}
