package dev.panagrad.nn.io;

import dev.panagrad.core.Tensor;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contents of a safetensors file: its tensors as {@link SafetensorsEntry raw entries} and its
 * {@code __metadata__} string map. Read one with {@link Safetensors#read(java.nio.file.Path)} or
 * {@link Safetensors#parse(byte[])}; build one with {@link #of} and write it with
 * {@link Safetensors#write}.
 */
public final class SafetensorsFile {
    private final Map<String, SafetensorsEntry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Map<String, SafetensorsEntry> entries, Map<String, String> metadata) {
        this.entries = Collections.unmodifiableMap(entries);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Contents made of {@code entries} (names must be distinct) and {@code metadata}.
     *
     * @throws IllegalArgumentException when two entries share a name
     */
    public static SafetensorsFile of(Collection<SafetensorsEntry> entries, Map<String, String> metadata) {
        Map<String, SafetensorsEntry> byName = new LinkedHashMap<>();
        for (SafetensorsEntry e : entries) {
            if (byName.put(e.name(), e) != null) {
                throw new IllegalArgumentException("SafetensorsFile: two entries are named \"" + e.name() + "\"");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        metadata.forEach((k, v) -> meta.put(Objects.requireNonNull(k, "metadata key"), Objects.requireNonNull(v, "metadata value")));
        return new SafetensorsFile(byName, meta);
    }

    /** The entries, in the order they were read (data order) or given. */
    public List<SafetensorsEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** The tensor names, in {@link #entries()} order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The entry named {@code name}, or {@code null} if there is none. */
    public SafetensorsEntry entry(String name) {
        return entries.get(name);
    }

    /** The {@code __metadata__} map (empty when the file has none), unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Every entry converted by {@link SafetensorsEntry#toTensor()}, in {@link #entries()} order.
     *
     * @throws SafetensorsFormatException when a value does not fit its Panagrad dtype
     */
    public Map<String, Tensor> tensors() throws SafetensorsFormatException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (SafetensorsEntry e : entries.values()) {
            out.put(e.name(), e.toTensor());
        }
        return out;
    }

    /** Equal when both hold equal entries (in any order) and equal metadata. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsFile f && entries.equals(f.entries) && metadata.equals(f.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries, metadata);
    }

    /** The entries and metadata, one line. */
    @Override
    public String toString() {
        return "SafetensorsFile" + entries.values() + (metadata.isEmpty() ? "" : " metadata=" + metadata);
    }
}
