package io.granary.platform;

import java.util.Objects;

/** The buffer allocator chosen for this process and why. */
public record AllocatorChoice(AllocatorKind kind, String reason) {
    public AllocatorChoice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}
