package dev.panagrad.nn.io;

import java.lang.reflect.Method;

/**
 * Bytes allocated and CPU time used by the current thread, from the platform's ThreadMXBean. Looked
 * up reflectively because module {@code dev.panagrad.nn} does not read {@code java.management}.
 * CPU time, unlike wall-clock time, does not grow when other processes load the machine.
 */
final class ThreadMeters {
    private static final Object BEAN;
    private static final Method ALLOCATED;
    private static final Method CPU;

    static {
        Object bean = null;
        Method allocated = null;
        Method cpu = null;
        try {
            bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            cpu = Class.forName("java.lang.management.ThreadMXBean").getMethod("getCurrentThreadCpuTime");
            Class<?> hotspot = Class.forName("com.sun.management.ThreadMXBean");
            if (hotspot.isInstance(bean)) {
                allocated = hotspot.getMethod("getCurrentThreadAllocatedBytes");
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // meters stay null: available() reports it
        }
        BEAN = bean;
        ALLOCATED = allocated;
        CPU = cpu;
    }

    private ThreadMeters() {}

    /** Whether both meters work on this JVM. */
    static boolean available() {
        return ALLOCATED != null && CPU != null && allocatedBytes() >= 0 && cpuNanos() >= 0;
    }

    /** Total bytes this thread has allocated so far. */
    static long allocatedBytes() {
        return call(ALLOCATED);
    }

    /** CPU time this thread has used so far, in nanoseconds. */
    static long cpuNanos() {
        return call(CPU);
    }

    private static long call(Method m) {
        try {
            return (long) m.invoke(BEAN);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
