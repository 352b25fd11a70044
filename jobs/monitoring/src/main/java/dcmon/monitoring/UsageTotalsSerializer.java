package dcmon.monitoring;

import static dcmon.monitoring.Varints.readVarLong;
import static dcmon.monitoring.Varints.unzigzag;
import static dcmon.monitoring.Varints.writeVarLong;
import static dcmon.monitoring.Varints.zigzag;

import dcmon.core.usage.UsageTotals;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * State serializer of {@link UsageTotals}, the enterprise and region totals per period. An enterprise holds up
 * to ~3,400 of them over the lateness window, and heap state copies the whole map on the first touch after each
 * checkpoint: Flink's POJO serializer copied each field by reflection, this one copies directly. Its form is
 * also shorter (no per-field null flags): the four totals as doubles, the estimated count as a varint, then the
 * product outputs.
 *
 * <p>State written with the POJO serializer (before this one existed) restores by migration.
 */
public final class UsageTotalsSerializer extends TypeSerializerSingleton<UsageTotals> {
    private static final long serialVersionUID = 1L;
    public static final UsageTotalsSerializer INSTANCE = new UsageTotalsSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public UsageTotals createInstance() {
        return new UsageTotals();
    }

    @Override
    public UsageTotals copy(UsageTotals from) {
        UsageTotals c = new UsageTotals();
        c.tce = from.tce;
        c.tceEqualValue = from.tceEqualValue;
        c.tcePolicy = from.tcePolicy;
        c.tco2 = from.tco2;
        c.estimated = from.estimated;
        // outputs are added to in place, so both arrays are copied (the product names themselves are immutable)
        c.products = from.products.length == 0 ? from.products : from.products.clone();
        c.outputs = from.outputs.length == 0 ? from.outputs : from.outputs.clone();
        return c;
    }

    @Override
    public UsageTotals copy(UsageTotals from, UsageTotals reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(UsageTotals t, DataOutputView out) throws IOException {
        out.writeDouble(t.tce);
        out.writeDouble(t.tceEqualValue);
        out.writeDouble(t.tcePolicy);
        out.writeDouble(t.tco2);
        writeVarLong(zigzag(t.estimated), out); // negative in a delta
        writeVarLong(t.products.length, out);
        for (int i = 0; i < t.products.length; i++) {
            out.writeUTF(t.products[i]);
            out.writeDouble(t.outputs[i]);
        }
    }

    @Override
    public UsageTotals deserialize(DataInputView in) throws IOException {
        UsageTotals t = new UsageTotals();
        t.tce = in.readDouble();
        t.tceEqualValue = in.readDouble();
        t.tcePolicy = in.readDouble();
        t.tco2 = in.readDouble();
        t.estimated = (int) unzigzag(readVarLong(in, "usage totals"));
        long products = readVarLong(in, "usage totals");
        if (products < 0 || products > Integer.MAX_VALUE)
            throw new IOException("corrupt usage totals: " + products + " products");
        int n = (int) products;
        if (n > 0) {
            t.products = new String[n];
            t.outputs = new double[n];
            for (int i = 0; i < n; i++) {
                t.products[i] = in.readUTF();
                t.outputs[i] = in.readDouble();
            }
        }
        return t;
    }

    @Override
    public UsageTotals deserialize(UsageTotals reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<UsageTotals> snapshotConfiguration() {
        return new UsageTotalsSerializerSnapshot();
    }

    /** Version 1 of the format; state of Flink's POJO serializer migrates to it on restore. */
    public static final class UsageTotalsSerializerSnapshot implements TypeSerializerSnapshot<UsageTotals> {
        private static final int VERSION = 1;

        public UsageTotalsSerializerSnapshot() {}

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != VERSION) throw new IOException("unknown usage totals snapshot version " + readVersion);
        }

        @Override
        public TypeSerializer<UsageTotals> restoreSerializer() {
            return INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<UsageTotals> resolveSchemaCompatibility(
                TypeSerializerSnapshot<UsageTotals> old) {
            if (old instanceof UsageTotalsSerializerSnapshot) return TypeSerializerSchemaCompatibility.compatibleAsIs();
            // the state of versions that kept totals through Flink's POJO serializer: read with it, rewritten with this
            // one
            if (old instanceof PojoSerializerSnapshot)
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
