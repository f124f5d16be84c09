package dev.panagrad.nn.io;

/**
 * One tensor as a header declares it, before or after validation: offsets are relative to the start
 * of the byte buffer, {@code [begin, end)}.
 */
record HeaderEntry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {}
