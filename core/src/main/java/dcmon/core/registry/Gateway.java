package dcmon.core.registry;

import java.io.Serializable;

/** A meter gateway of an enterprise; it publishes on dcmon/v1/{enterprise}/{id}/readings. */
public record Gateway(String id) implements Serializable {}
