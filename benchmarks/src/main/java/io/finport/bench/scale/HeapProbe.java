package io.finport.bench.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Heap use around one step: {@link #start()} collects garbage and resets the heap pools' peaks; {@link #peakAboveStart()}
 * is then the highest heap use seen since, above the use at start (garbage not yet collected included, so an upper
 * bound of what the step needed live). Allocated bytes count every thread of this JVM.
 */
public final class HeapProbe {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long usedAtStart;
    private long allocatedAtStart;

    public void start() {
        System.gc();
        usedAtStart = heapPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        allocatedAtStart = threads.getTotalThreadAllocatedBytes();
    }

    /** Sum of the pools' peaks minus the use at start; pools peak at different moments, so this errs high. */
    public long peakAboveStart() {
        long peak =
                heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return Math.max(0, peak - usedAtStart);
    }

    public long allocatedSinceStart() {
        long now = threads.getTotalThreadAllocatedBytes();
        return now < 0 || allocatedAtStart < 0 ? -1 : now - allocatedAtStart;
    }
}
