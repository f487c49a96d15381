package io.granary.platform;

import java.util.List;
import java.util.Objects;

/**
 * The transports to try, best first, and why this order. The last candidate is always {@link TransportKind#NIO}.
 */
public record TransportOrder(List<TransportKind> candidates, String reason) {
    public TransportOrder {
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(reason, "reason");
        if (candidates.isEmpty() || candidates.getLast() != TransportKind.NIO) {
            throw new IllegalArgumentException("the candidate list must end with NIO: " + candidates);
        }
    }
}
