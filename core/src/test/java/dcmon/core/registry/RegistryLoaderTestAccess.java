package dcmon.core.registry;

import dcmon.core.reference.ReferenceData;

/** The registry tests' small reference tables, for tests in other packages. */
public final class RegistryLoaderTestAccess {
    private RegistryLoaderTestAccess() {}

    public static final ReferenceData REF = RegistryLoaderTest.REF;
}
